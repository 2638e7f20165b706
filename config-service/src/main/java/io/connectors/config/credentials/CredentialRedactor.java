package io.connectors.config.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.CredentialField;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The view of credentials every response shows. Sensitive fields (and anything the type does not describe) are
 * {@code ****}; other text shows its first four characters ({@code abc1...****}), or {@code ****} when shorter than
 * eight; URLs show scheme, host and path with any user info, query or fragment masked; numbers and booleans are
 * settings, shown as they are.
 */
public final class CredentialRedactor {

    public static final String MASK = "****";
    private static final int PREFIX = 4;
    private static final int SHORTEST_WITH_PREFIX = 8;

    private CredentialRedactor() {
    }

    public static ObjectNode redact(ConnectorTypeDefinition type, JsonNode credentials) {
        Map<String, CredentialField> fields = type.credentialFields().stream()
                .collect(Collectors.toMap(CredentialField::name, Function.identity(), (a, b) -> a));
        ObjectNode redacted = JsonNodeFactory.instance.objectNode();
        credentials.fields().forEachRemaining(entry ->
                redacted.set(entry.getKey(), redact(fields.get(entry.getKey()), entry.getValue())));
        return redacted;
    }

    private static JsonNode redact(CredentialField field, JsonNode value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (field == null || field.sensitive()) {
            return nodes.textNode(MASK);
        }
        if (value.isBoolean() || value.isNumber()) {
            return value;
        }
        if (!value.isTextual()) {
            return nodes.textNode(MASK);
        }
        String text = value.textValue();
        if ("url".equals(field.format())) {
            String url = url(text);
            if (url != null) {
                return nodes.textNode(url);
            }
        }
        return nodes.textNode(prefix(text));
    }

    static String prefix(String text) {
        if (text.length() < SHORTEST_WITH_PREFIX) {
            return MASK;
        }
        // never split a surrogate pair: count code points
        int end = text.offsetByCodePoints(0, PREFIX);
        return text.substring(0, end) + "..." + MASK;
    }

    /** The URL with user info, query and fragment masked; null when it is not an absolute URL with a host. */
    static String url(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return null;
        }
        StringBuilder shown = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            shown.append(MASK).append('@');
        }
        shown.append(uri.getHost());
        if (uri.getPort() >= 0) {
            shown.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            shown.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            shown.append('?').append(MASK);
        }
        if (uri.getRawFragment() != null) {
            shown.append('#').append(MASK);
        }
        return shown.toString();
    }
}
