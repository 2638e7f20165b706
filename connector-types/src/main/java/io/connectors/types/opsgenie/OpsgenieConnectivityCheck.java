package io.connectors.types.opsgenie;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedCheck;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Lists one alert with the API key. */
@Singleton
public class OpsgenieConnectivityCheck extends NamedCheck {

    private final OpsgenieClient client;

    OpsgenieConnectivityCheck(OpsgenieClient client) {
        super(OpsgenieClient.TYPE);
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> probe(OperationContext context) {
        return client.check(context);
    }
}
