package io.connectors.types.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code incidents:update}: updates fields of an incident. */
@Singleton
public class IncidentsUpdateHandler extends NamedOperation {

    private final ServiceNowClient client;

    IncidentsUpdateHandler(ServiceNowClient client) {
        super(ServiceNowClient.TYPE, "incidents:update");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.update(context, params);
    }
}
