package io.connectors.types.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A response read in full (within the policy's size cap). Header names are case-insensitive. */
public record SafeHttpResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public SafeHttpResponse {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON; {@code null} JSON for an empty body. Fails as an external error when it is not JSON. */
    public JsonNode json() {
        if (body.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return Json.parse(body);
        } catch (IOException e) {
            throw new ConnectorException(ConnectorException.Fault.EXTERNAL,
                    "The external system answered " + status + " with a body that is not JSON", false, null, status);
        }
    }

    /** The body as JSON, or {@code null} JSON when it is not JSON (error bodies of proxies and load balancers). */
    public JsonNode jsonOrNull() {
        try {
            return json();
        } catch (ConnectorException e) {
            return NullNode.getInstance();
        }
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SafeHttpResponse[" + status + ", " + body.length + " bytes]";
    }
}
