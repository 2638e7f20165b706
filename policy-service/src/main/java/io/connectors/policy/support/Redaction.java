package io.connectors.policy.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Params as they may appear in an audit record: every key is kept, every value becomes {@code ****} unless its key is
 * an identifier ({@code id}, {@code *_id}, {@code ids}, {@code *_ids}), whose values say which object was acted on
 * and are what an analyst needs. Nested objects are redacted the same way.
 */
public final class Redaction {

    public static final String MASK = "****";

    private Redaction() {
    }

    public static Map<String, Object> params(JsonNode params) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (params != null && params.isObject()) {
            params.properties().forEach(field -> out.put(field.getKey(), value(field.getKey(), field.getValue())));
        }
        return out;
    }

    private static Object value(String key, JsonNode value) {
        if (value.isObject()) {
            return params(value);
        }
        if (!isIdentifier(key)) {
            return MASK;
        }
        if (value.isTextual() || value.isNumber()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<Object> ids = new ArrayList<>();
            value.forEach(element -> ids.add(element.isTextual() || element.isNumber() ? element.asText() : MASK));
            return ids;
        }
        return MASK;
    }

    static boolean isIdentifier(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.equals("id") || lower.equals("ids") || lower.endsWith("_id") || lower.endsWith("_ids");
    }
}
