package io.connectors.policy.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.platform.json.JsonNumbers;
import io.connectors.platform.text.ControlCharacters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a JSON object of a request body field by field, as config- and execution-service do: a value of the wrong
 * type is refused, never coerced ({@code "enabled": ""} is not true, {@code 1.5} is not 1, {@code 0} is not "0"),
 * text with control characters is refused (PostgreSQL cannot store NUL), and so are unknown fields. Every problem is
 * added to one list, with the field's full path, so the client can fix them all at once; a value at fault reads as
 * null, and the caller's own checks (required, ranges) follow. {@link #failOn} then answers one 400.
 */
public final class JsonFields {

    private static final int MAX_ECHOED_NAME = 64;

    private final JsonNode node;
    private final String prefix;
    private final List<FieldError> errors;

    private JsonFields(JsonNode node, String prefix, List<FieldError> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** The fields of a request body; throws 400 unless it is a JSON object. */
    public static JsonFields body(JsonNode body, List<FieldError> errors) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object",
                    List.of(new FieldError("body", "expected a JSON object")));
        }
        return new JsonFields(body, "", errors);
    }

    /**
     * Throws the 400 for {@code errors} when there are any. Shape errors come first (they are found while reading), so
     * a later error on the same field, or on a parent of it ("is required" after its value was refused), is dropped.
     */
    public static void failOn(List<FieldError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        List<FieldError> kept = new ArrayList<>();
        for (FieldError error : errors) {
            if (kept.stream().noneMatch(earlier -> within(earlier.field(), error.field()))) {
                kept.add(error);
            }
        }
        throw ApiException.badRequest("The request has invalid fields", kept);
    }

    /** The path of {@code field} in the body, as errors name it. */
    public String path(String field) {
        return prefix + field;
    }

    public boolean has(String field) {
        return present(node.get(field));
    }

    /** A nested object; null when absent, null or not an object (reported). */
    public JsonFields object(String field) {
        JsonNode value = node.get(field);
        if (!present(value)) {
            return null;
        }
        if (!value.isObject()) {
            errors.add(new FieldError(path(field), "expected an object"));
            return null;
        }
        return new JsonFields(value, path(field) + ".", errors);
    }

    /** An array of at most {@code maxItems} objects; null when absent, null or at fault (reported). */
    public List<JsonFields> objects(String field, int maxItems) {
        JsonNode value = node.get(field);
        if (!present(value)) {
            return null;
        }
        if (!value.isArray()) {
            errors.add(new FieldError(path(field), "expected an array of objects"));
            return null;
        }
        if (value.size() > maxItems) {
            errors.add(new FieldError(path(field), "must have at most " + maxItems + " entries"));
            return null;
        }
        List<JsonFields> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String at = path(field) + "[" + i + "]";
            if (value.get(i).isObject()) {
                items.add(new JsonFields(value.get(i), at + ".", errors));
            } else {
                errors.add(new FieldError(at, "expected an object"));
                items.add(null);
            }
        }
        return items;
    }

    /** Single-line text (no control characters at all); null when absent, null or at fault (reported). */
    public String text(String field) {
        return string(path(field), node.get(field), false);
    }

    /** Text that may span lines: tab and line breaks allowed, other control characters not. */
    public String multilineText(String field) {
        return string(path(field), node.get(field), true);
    }

    public Boolean bool(String field) {
        JsonNode value = node.get(field);
        if (!present(value)) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(path(field), "expected a boolean"));
            return null;
        }
        return value.booleanValue();
    }

    /** A whole number within int range ({@code 1.0} is one, {@code 1.5}, {@code "1"} and {@code 1e400} are not). */
    public Integer integer(String field) {
        JsonNode value = node.get(field);
        if (!present(value)) {
            return null;
        }
        if (!value.isNumber() || !isWhole(value)) {
            errors.add(new FieldError(path(field), JsonNumbers.inRange(value) ? "expected a whole number" : JsonNumbers.MESSAGE));
            return null;
        }
        if (!value.canConvertToInt()) {
            errors.add(new FieldError(path(field), "must be from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE));
            return null;
        }
        return value.intValue();
    }

    /** A UUID in its canonical text form. */
    public UUID uuid(String field) {
        JsonNode value = node.get(field);
        if (!present(value)) {
            return null;
        }
        UUID id = value.isTextual() ? Ids.parse(value.textValue()) : null;
        if (id == null) {
            errors.add(new FieldError(path(field), "expected a UUID"));
        }
        return id;
    }

    /** An array of single-line strings; element problems are reported as {@code field[i]}. */
    public List<String> strings(String field, int maxItems) {
        JsonNode value = node.get(field);
        if (!present(value)) {
            return null;
        }
        if (!value.isArray()) {
            errors.add(new FieldError(path(field), "expected an array of strings"));
            return null;
        }
        if (value.size() > maxItems) {
            errors.add(new FieldError(path(field), "must have at most " + maxItems + " entries"));
            return null;
        }
        List<String> items = new ArrayList<>(value.size());
        boolean valid = true;
        for (int i = 0; i < value.size(); i++) {
            String item = string(path(field) + "[" + i + "]", value.get(i), false);
            valid &= item != null;
            items.add(item);
        }
        return valid ? List.copyOf(items) : null;
    }

    /** The value as it is (free-form JSON, checked by the caller); null when absent. */
    public JsonNode value(String field) {
        return node.get(field);
    }

    /** Reports every field that is neither in {@code allowed} nor in {@code readOnly} (those are reported as such). */
    public void rejectUnknown(Set<String> allowed, Set<String> readOnly) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = entry.getKey();
            if (readOnly.contains(name)) {
                errors.add(new FieldError(path(name), "is read-only"));
            } else if (!allowed.contains(name)) {
                errors.add(new FieldError(path(echoable(name)), "unknown field"));
            }
        }
    }

    public void rejectUnknown(Set<String> allowed) {
        rejectUnknown(allowed, Set.of());
    }

    private String string(String at, JsonNode value, boolean multiline) {
        if (!present(value)) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(at, "expected a string"));
            return null;
        }
        String text = value.textValue();
        FieldError refused = ControlCharacters.check(at, text, multiline);
        if (refused != null) {
            errors.add(refused);
            return null;
        }
        return text;
    }

    private static boolean isWhole(JsonNode number) {
        return number.isIntegralNumber()
                || Double.isFinite(number.doubleValue()) && number.doubleValue() == Math.rint(number.doubleValue());
    }

    /** An explicit null reads as absent: the caller decides whether the field is required. */
    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }

    /** Whether an error on {@code later} repeats one on {@code earlier}: the same field or a parent of it. */
    private static boolean within(String earlier, String later) {
        return earlier.equals(later) || earlier.startsWith(later + ".") || earlier.startsWith(later + "[");
    }

    /** An unknown field's name is echoed back: keep it printable and short. */
    private static String echoable(String name) {
        return ControlCharacters.printable(name, MAX_ECHOED_NAME);
    }
}
