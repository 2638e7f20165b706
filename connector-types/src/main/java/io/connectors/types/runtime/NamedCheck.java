package io.connectors.types.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;

/** Base of the connectivity checks: the type they are registered for; failures always arrive as a failed {@link Uni}. */
public abstract class NamedCheck implements ConnectivityCheck {

    private final String typeId;

    protected NamedCheck(String typeId) {
        this.typeId = typeId;
    }

    @Override
    public final String typeId() {
        return typeId;
    }

    @Override
    public final Uni<JsonNode> check(OperationContext context) {
        return Uni.createFrom().deferred(() -> probe(context));
    }

    protected abstract Uni<JsonNode> probe(OperationContext context);
}
