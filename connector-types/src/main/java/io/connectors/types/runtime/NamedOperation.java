package io.connectors.types.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;

/**
 * Base of the handler beans: the type and operation they are registered for, and a failure thrown while building the
 * call (a missing credential, a refused URL) delivered as a failed {@link Uni} like any other.
 */
public abstract class NamedOperation implements OperationHandler {

    private final String typeId;
    private final String operation;

    protected NamedOperation(String typeId, String operation) {
        this.typeId = typeId;
        this.operation = operation;
    }

    @Override
    public final String typeId() {
        return typeId;
    }

    @Override
    public final String operation() {
        return operation;
    }

    @Override
    public final Uni<JsonNode> execute(OperationContext context, JsonNode params) {
        return Uni.createFrom().deferred(() -> run(context, params));
    }

    protected abstract Uni<JsonNode> run(OperationContext context, JsonNode params);
}
