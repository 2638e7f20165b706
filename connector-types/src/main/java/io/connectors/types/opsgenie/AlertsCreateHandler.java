package io.connectors.types.opsgenie;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code alerts:create}: creates an alert (deduplicated by alias). */
@Singleton
public class AlertsCreateHandler extends NamedOperation {

    private final OpsgenieClient client;

    AlertsCreateHandler(OpsgenieClient client) {
        super(OpsgenieClient.TYPE, "alerts:create");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.create(context, params);
    }
}
