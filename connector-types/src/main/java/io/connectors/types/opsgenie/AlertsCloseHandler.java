package io.connectors.types.opsgenie;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code alerts:close}: closes an alert by id, alias or tiny id. */
@Singleton
public class AlertsCloseHandler extends NamedOperation {

    private final OpsgenieClient client;

    AlertsCloseHandler(OpsgenieClient client) {
        super(OpsgenieClient.TYPE, "alerts:close");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.close(context, params);
    }
}
