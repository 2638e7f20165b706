package io.connectors.types;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A named operation of a connector type ({@code hosts:contain}). {@code baseRisk} (0-100) is the policy engine's
 * starting score; {@code idempotent} operations may be retried.
 */
public record OperationDefinition(String name, String description, OperationClass operationClass, int baseRisk,
                                  boolean idempotent, JsonNode paramsSchema) {

    /** A copy: the definition is shared by every caller and must not change under them. */
    @Override
    public JsonNode paramsSchema() {
        return paramsSchema.deepCopy();
    }
}
