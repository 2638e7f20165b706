package io.connectors.execution.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces every secret credential value of a connector (the fields its type marks sensitive), and its obvious encodings, with {@value #MASK} in what the external
 * system answered, before it is stored, published or answered: a vendor that echoes the bearer token (a webhook
 * receiver returning the request's headers, an error page quoting the Authorization header) must not hand it to
 * whoever may read the execution. Forms: the value itself, Base64 (standard and URL-safe, with and without padding),
 * URL-encoded, and Base64 of {@code user:secret} for each other credential value with each secret (HTTP Basic). Values
 * shorter than
 * {@value #MIN_SECRET_LENGTH} characters are not searched for (they would mask half the answer). Non-secret values (a
 * base URL, a user name, a client id) stay: results legitimately name them.
 */
final class CredentialScrubber {

    static final String MASK = "****";
    static final int MIN_SECRET_LENGTH = 4;
    private static final CredentialScrubber NOTHING = new CredentialScrubber(List.of());

    /** Longest first, so a value inside a longer form never leaves the rest of that form behind. */
    private final List<String> forms;

    private CredentialScrubber(List<String> forms) {
        this.forms = forms;
    }

    static CredentialScrubber of(JsonNode credentials, Set<String> sensitiveFields) {
        if (credentials == null || !credentials.isObject()) {
            return NOTHING;
        }
        List<String> secrets = new ArrayList<>();
        List<String> others = new ArrayList<>();
        credentials.fields().forEachRemaining(field -> collect(field.getValue(),
                sensitiveFields.contains(field.getKey()) ? secrets : others));
        if (secrets.isEmpty()) {
            return NOTHING;
        }
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            forms.addAll(encodings(secret));
            for (String user : others) {
                forms.addAll(base64(user + ":" + secret));
            }
        }
        return new CredentialScrubber(forms.stream().filter(form -> form.length() >= MIN_SECRET_LENGTH)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    /** The node with every text value (and field name) scrubbed; the same node when nothing needed it. */
    JsonNode scrub(JsonNode node) {
        if (forms.isEmpty() || node == null || !mentionsASecret(node)) {
            return node;
        }
        return copyScrubbed(node);
    }

    String scrub(String text) {
        if (text == null || forms.isEmpty()) {
            return text;
        }
        String scrubbed = text;
        for (String form : forms) {
            if (scrubbed.contains(form)) {
                scrubbed = scrubbed.replace(form, MASK);
            }
        }
        return scrubbed;
    }

    private boolean mentionsASecret(JsonNode node) {
        if (node.isTextual()) {
            return !scrub(node.textValue()).equals(node.textValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!scrub(field.getKey()).equals(field.getKey()) || mentionsASecret(field.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (mentionsASecret(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private JsonNode copyScrubbed(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(scrub(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(scrub(field.getKey()), copyScrubbed(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(copyScrubbed(element)));
            return copy;
        }
        return node;
    }

    private static void collect(JsonNode node, List<String> values) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            if (!node.textValue().isEmpty()) {
                values.add(node.textValue());
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, values));
        }
    }

    private static List<String> encodings(String value) {
        List<String> forms = new ArrayList<>(base64(value));
        forms.add(value);
        forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        forms.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        return forms;
    }

    private static List<String> base64(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        String standard = Base64.getEncoder().encodeToString(bytes);
        String urlSafe = Base64.getUrlEncoder().encodeToString(bytes);
        return List.of(standard, urlSafe, stripPadding(standard), stripPadding(urlSafe));
    }

    private static String stripPadding(String encoded) {
        int end = encoded.length();
        while (end > 0 && encoded.charAt(end - 1) == '=') {
            end--;
        }
        return encoded.substring(0, end);
    }
}
