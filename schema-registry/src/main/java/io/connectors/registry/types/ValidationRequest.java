package io.connectors.registry.types;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.types.ConnectorCatalog;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /v1/connector-types/{type}/validate}, read field by field so that a wrong shape becomes one
 * more entry in the answer's errors (all at once, as Kafka Connect's validate does) rather than a 400 that hides
 * the others. Only a body that is not a JSON object is refused outright.
 */
record ValidationRequest(JsonNode config, JsonNode credentials, List<String> permittedOperations, List<FieldError> shapeErrors) {

    private static final Set<String> FIELDS = Set.of("config", "credentials", "permitted_operations");

    static ValidationRequest from(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "expected a JSON object with config, credentials and permitted_operations");
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext() && errors.size() < ConnectorCatalog.MAX_ERRORS_PER_PART; ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown field"));
            }
        }
        JsonNode operations = body.get("permitted_operations");
        List<String> permitted = null;
        if (operations != null && operations.isArray()) {
            permitted = new ArrayList<>();
            // A non-string entry becomes null: the catalog reports it at its index.
            for (JsonNode operation : operations) {
                permitted.add(operation.isTextual() ? operation.asText() : null);
            }
        } else if (operations != null && !operations.isNull()) {
            errors.add(new FieldError("permitted_operations", "expected an array of operation names"));
            permitted = List.of();
        }
        return new ValidationRequest(body.get("config"), body.get("credentials"), permitted, List.copyOf(errors));
    }
}
