package io.connectors.types.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.Json;
import io.vertx.core.MultiMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One request a fake received. */
public record RecordedRequest(String method, String path, String rawQuery, MultiMap headers, byte[] body) {

    public RecordedRequest {
        headers = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** Decoded query parameters in order; repeated names keep every value. */
    public Map<String, List<String>> query() {
        return decode(rawQuery);
    }

    public String param(String name) {
        List<String> values = query().get(name);
        return values == null ? null : values.get(0);
    }

    /** The body as {@code application/x-www-form-urlencoded} fields. */
    public Map<String, List<String>> form() {
        return decode(text());
    }

    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> decode(String encoded) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return values;
    }

    @Override
    public String toString() {
        return method + " " + path + (rawQuery == null ? "" : "?" + rawQuery);
    }
}
