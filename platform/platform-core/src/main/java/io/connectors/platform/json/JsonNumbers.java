package io.connectors.platform.json;

import io.connectors.platform.text.ControlCharacters;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;

import java.util.List;
import java.util.Map;

/**
 * The range of JSON numbers the suite accepts: those with a finite IEEE double value, the numbers CEL, connector
 * params and {@link CanonicalJson} work with. Jackson reads {@code 1e400} as an infinite double (and a 400-digit
 * integer or a decimal read with {@code USE_BIG_DECIMAL_FOR_FLOATS} has no double value either), which nothing
 * downstream can compare, hash or send faithfully; so a request carrying one is refused with a 400 naming the field,
 * before anything hashes or stores it. Numbers too small for a double (1e-400) are in range: they round to 0.
 *
 * <p>How a service uses it, on every request body (or free-form part of one, such as execute params) it hashes:
 * <pre>{@code
 * JsonNumbers.requireInRange(body, "");            // throws ApiException 400: errors [{field: "params.limit", ...}]
 * JsonNumbers.check(params, "input.params", errors); // or adds the FieldError to a list collected for one 400
 * }</pre>
 * {@link CanonicalJson#write} refuses the same numbers with {@link NumberOutOfRangeException} (also a 400) as a
 * backstop, so a caller that forgets the check still answers 400, never 500, but without the request's field prefix.
 */
public final class JsonNumbers {

    public static final String MESSAGE = "must be a number between -1.7976931348623157e308 and 1.7976931348623157e308";
    private static final int MAX_KEY = 64;

    private JsonNumbers() {
    }

    /** Whether {@code node} is not a number, or a number with a finite double value. */
    public static boolean inRange(JsonNode node) {
        return node == null || !node.isNumber() || Double.isFinite(node.doubleValue());
    }

    /**
     * The field path (as in {@code FieldError}: {@code params.hosts[2].limit}) of the first number out of range in
     * {@code node}, depth first in document order, or null when there is none. {@code field} is where {@code node}
     * sits in the request ({@code ""} for the whole body; a number at the root is then named {@code body}). Object
     * keys in the path are made printable and cut to 64 characters, since the path is echoed to the client.
     */
    public static String firstOutOfRange(JsonNode node, String field) {
        String prefix = field == null ? "" : field;
        String found = find(node, new StringBuilder(prefix));
        return found == null ? null : found.isEmpty() ? "body" : found;
    }

    /** Adds the error for the first number out of range in {@code node} to {@code errors}; true when it found one. */
    public static boolean check(JsonNode node, String field, List<FieldError> errors) {
        String at = firstOutOfRange(node, field);
        if (at == null) {
            return false;
        }
        errors.add(new FieldError(at, MESSAGE));
        return true;
    }

    /** Throws a 400 naming the first number out of range in {@code node} (under {@code field}), if there is one. */
    public static void requireInRange(JsonNode node, String field) {
        String at = firstOutOfRange(node, field);
        if (at != null) {
            throw ApiException.badRequest("The request has a number out of range", List.of(new FieldError(at, MESSAGE)));
        }
    }

    // Recursion is bounded by the parser's nesting limit (Jackson's StreamReadConstraints, 1000 by default).
    private static String find(JsonNode node, StringBuilder path) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return inRange(node) ? null : path.toString();
        }
        int length = path.length();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getValue().isContainerNode() || entry.getValue().isNumber()) {
                    if (length > 0) {
                        path.append('.');
                    }
                    path.append(printable(entry.getKey()));
                    String found = find(entry.getValue(), path);
                    if (found != null) {
                        return found;
                    }
                    path.setLength(length);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isContainerNode() || element.isNumber()) {
                    path.append('[').append(i).append(']');
                    String found = find(element, path);
                    if (found != null) {
                        return found;
                    }
                    path.setLength(length);
                }
            }
        }
        return null;
    }

    /** Control characters and unpaired surrogates become {@code ?}; at most 64 code points, then {@code ...}. */
    static String printable(String key) {
        return ControlCharacters.printable(key, MAX_KEY);
    }
}
