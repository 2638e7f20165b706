package io.connectors.execution.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.platform.json.CanonicalJson;
import io.connectors.platform.json.ParamsLimits;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /v1/connectors/{config_id}/execute}, read field by field so every shape problem is
 * reported at once with its field.
 */
record ExecuteRequest(String operation, ObjectNode params, String mode) {

    static final String SYNC = "sync";
    static final String ASYNC = "async";
    static final int MAX_OPERATION_LENGTH = 128;
    private static final Set<String> FIELDS = Set.of("operation", "params", "mode");

    static ExecuteRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "expected a JSON object with operation, params and mode");
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext() && errors.size() < 20; ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(printable(name), "unknown field"));
            }
        }
        JsonNode operation = body.get("operation");
        if (operation == null || operation.isNull()) {
            errors.add(new FieldError("operation", "is required"));
        } else if (!operation.isTextual()) {
            errors.add(new FieldError("operation", "expected a string"));
        } else if (operation.textValue().isBlank()) {
            errors.add(new FieldError("operation", "must not be blank"));
        } else if (operation.textValue().length() > MAX_OPERATION_LENGTH) {
            errors.add(new FieldError("operation", "must be at most " + MAX_OPERATION_LENGTH + " characters long"));
        }
        JsonNode params = body.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            errors.add(new FieldError("params", "expected an object"));
        } else if (params != null && !params.isNull()) {
            // The limits policy-service decides within, before anything hashes them (params hash, Idempotency-Key).
            ParamsLimits.check(params, "params", errors);
        }
        JsonNode mode = body.get("mode");
        if (mode != null && !mode.isNull() && !(mode.isTextual() && (SYNC.equals(mode.textValue()) || ASYNC.equals(mode.textValue())))) {
            errors.add(new FieldError("mode", "must be one of [sync, async]"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("The request body is invalid", errors);
        }
        return new ExecuteRequest(operation.textValue(),
                params == null || params.isNull() ? JsonNodeFactory.instance.objectNode() : (ObjectNode) params,
                mode == null || mode.isNull() ? SYNC : mode.textValue());
    }

    boolean async() {
        return ASYNC.equals(mode);
    }

    /** What an Idempotency-Key is bound to: the same key with anything else is a conflict. */
    String hash(String connectorId) {
        ObjectNode bound = JsonNodeFactory.instance.objectNode();
        bound.put("connector_id", connectorId);
        bound.put("operation", operation);
        bound.set("params", params);
        bound.put("mode", mode);
        return CanonicalJson.sha256(bound);
    }

    /** Field names from the body go back in errors: keep them short and printable. */
    private static String printable(String name) {
        String clean = name.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }
}
