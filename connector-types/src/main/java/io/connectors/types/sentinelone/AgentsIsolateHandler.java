package io.connectors.types.sentinelone;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code agents:isolate}: disconnects agents' endpoints from the network. */
@Singleton
public class AgentsIsolateHandler extends NamedOperation {

    private final SentinelOneClient client;

    AgentsIsolateHandler(SentinelOneClient client) {
        super(SentinelOneClient.TYPE, "agents:isolate");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.isolate(context, params);
    }
}
