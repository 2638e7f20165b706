package io.connectors.types.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;

/**
 * Runs one operation of one connector type. One per operation, registered as a CDI bean by its type's package and
 * found through {@link OperationHandlers}; never dispatched by a string switch.
 */
public interface OperationHandler {

    /** The connector type id, e.g. {@code crowdstrike}. */
    String typeId();

    /** The operation name, e.g. {@code detections:read}. */
    String operation();

    /**
     * @param params already validated against the operation's parameter schema of {@code context.majorVersion()}
     * @return the result shown to the caller; fails with {@link ConnectorException}
     */
    Uni<JsonNode> execute(OperationContext context, JsonNode params);
}
