package io.connectors.types.sentinelone;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedCheck;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Lists one threat with the API token. */
@Singleton
public class SentinelOneConnectivityCheck extends NamedCheck {

    private final SentinelOneClient client;

    SentinelOneConnectivityCheck(SentinelOneClient client) {
        super(SentinelOneClient.TYPE);
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> probe(OperationContext context) {
        return client.check(context);
    }
}
