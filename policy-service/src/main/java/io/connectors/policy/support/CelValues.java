package io.connectors.policy.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON params as CEL values: objects become maps, arrays lists, integers long, other numbers double. */
public final class CelValues {

    private CelValues() {
    }

    public static Map<String, Object> map(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (object != null) {
            object.properties().forEach(field -> out.put(field.getKey(), value(field.getValue())));
        }
        return out;
    }

    private static Object value(JsonNode node) {
        if (node.isObject()) {
            return map(node);
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(element -> out.add(value(element)));
            return out;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return NullValue.NULL_VALUE;
    }
}
