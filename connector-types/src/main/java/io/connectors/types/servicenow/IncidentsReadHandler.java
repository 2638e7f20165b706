package io.connectors.types.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code incidents:read}: reads an incident by sys_id, or lists incidents by number or query. */
@Singleton
public class IncidentsReadHandler extends NamedOperation {

    private final ServiceNowClient client;

    IncidentsReadHandler(ServiceNowClient client) {
        super(ServiceNowClient.TYPE, "incidents:read");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.read(context, params);
    }
}
