package io.connectors.types.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code incidents:create}: creates an incident. */
@Singleton
public class IncidentsCreateHandler extends NamedOperation {

    private final ServiceNowClient client;

    IncidentsCreateHandler(ServiceNowClient client) {
        super(ServiceNowClient.TYPE, "incidents:create");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.create(context, params);
    }
}
