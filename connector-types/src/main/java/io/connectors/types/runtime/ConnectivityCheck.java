package io.connectors.types.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;

/** Health probe of a type: a harmless call with the stored credentials ({@code POST /v1/connectors/{id}/test}). */
public interface ConnectivityCheck {

    String typeId();

    /** @return what the probe learned (no secrets); fails with {@link ConnectorException} */
    Uni<JsonNode> check(OperationContext context);
}
