package io.connectors.types.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedCheck;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Reads one sys_id of the incident table. */
@Singleton
public class ServiceNowConnectivityCheck extends NamedCheck {

    private final ServiceNowClient client;

    ServiceNowConnectivityCheck(ServiceNowClient client) {
        super(ServiceNowClient.TYPE);
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> probe(OperationContext context) {
        return client.check(context);
    }
}
