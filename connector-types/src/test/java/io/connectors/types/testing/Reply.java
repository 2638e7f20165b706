package io.connectors.types.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a fake answers. */
public record Reply(int status, Map<String, String> headers, byte[] body) {

    public static Reply json(int status, String json) {
        return new Reply(status, new LinkedHashMap<>(Map.of("Content-Type", "application/json")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply empty(int status) {
        return new Reply(status, new LinkedHashMap<>(), new byte[0]);
    }

    public static Reply text(int status, String text) {
        return new Reply(status, new LinkedHashMap<>(Map.of("Content-Type", "text/plain")),
                text.getBytes(StandardCharsets.UTF_8));
    }

    public Reply header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Reply(status, copy, body);
    }
}
