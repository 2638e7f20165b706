package io.connectors.config.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.platform.text.ControlCharacters;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a JSON object body field by field, collecting every problem (wrong type, too long, unknown field) so the client
 * can fix them all at once. Tells an absent field from an explicit null, which PATCH needs.
 */
public final class BodyReader {

    private final JsonNode body;
    private final List<FieldError> errors = new ArrayList<>();

    private BodyReader(JsonNode body) {
        this.body = body;
    }

    /** Throws 400 unless the body is a JSON object. */
    public static BodyReader of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object",
                    List.of(new FieldError("body", "expected a JSON object")));
        }
        return new BodyReader(body);
    }

    public boolean has(String field) {
        return body.has(field);
    }

    public boolean isEmpty() {
        return body.isEmpty();
    }

    /** A single-line text of at most {@code maxLength} characters; null when absent or null. */
    public String text(String field, boolean required, int maxLength) {
        return string(field, required, maxLength, false);
    }

    /** Free text that may span lines (tabs and line breaks allowed, other control characters not). */
    public String multilineText(String field, int maxLength) {
        return string(field, false, maxLength, true);
    }

    public UUID uuid(String field, boolean required) {
        String text = string(field, required, 36, false);
        if (text == null) {
            return null;
        }
        UUID id = Ids.parse(text);
        if (id == null) {
            errors.add(new FieldError(field, "expected a UUID"));
        }
        return id;
    }

    public Boolean bool(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(field, "expected a boolean"));
            return null;
        }
        return value.booleanValue();
    }

    /** An array of strings; element problems are reported as {@code field[i]}. Null when absent or null. */
    public List<String> strings(String field, boolean required, int maxItems, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isArray()) {
            errors.add(new FieldError(field, "expected an array of strings"));
            return null;
        }
        if (value.size() > maxItems) {
            errors.add(new FieldError(field, "at most " + maxItems + " items"));
            return null;
        }
        List<String> items = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String at = field + "[" + i + "]";
            if (!item.isTextual()) {
                errors.add(new FieldError(at, "expected a string"));
                valid = false;
            } else if (item.textValue().length() > maxLength) {
                errors.add(new FieldError(at, "at most " + maxLength + " characters"));
                valid = false;
            } else {
                items.add(item.textValue());
            }
        }
        return valid ? items : null;
    }

    /** A JSON object as is (its content is checked against a schema elsewhere); null when absent or null. */
    public JsonNode object(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            errors.add(new FieldError(field, "expected an object"));
            return null;
        }
        return value;
    }

    /** Reports every field not in {@code allowed}. */
    public void rejectUnknown(Set<String> allowed) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(truncate(name), "unknown field"));
            }
        }
    }

    /** Reports fields present in the body that may not be changed. */
    public void rejectPresent(Set<String> immutable, String message) {
        immutable.stream().filter(body::has).sorted().forEach(name -> errors.add(new FieldError(name, message)));
    }

    public void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    private String string(String field, boolean required, int maxLength, boolean multiline) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "expected a string"));
            return null;
        }
        String text = value.textValue();
        if (required && text.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
            return null;
        }
        if (text.length() > maxLength) {
            errors.add(new FieldError(field, "at most " + maxLength + " characters"));
            return null;
        }
        if (!ControlCharacters.isStorable(text, multiline)) {
            errors.add(new FieldError(field, multiline ? "control characters other than tab and line breaks are not allowed"
                    : "control characters are not allowed"));
            return null;
        }
        return text;
    }

    /** An unknown field's name is echoed back: keep it short and printable. */
    private static String truncate(String name) {
        return ControlCharacters.printable(name, 64);
    }
}
