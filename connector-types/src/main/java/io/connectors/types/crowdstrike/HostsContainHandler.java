package io.connectors.types.crowdstrike;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code hosts:contain}: network containment. */
@Singleton
public class HostsContainHandler extends NamedOperation {

    private final CrowdStrikeClient client;

    HostsContainHandler(CrowdStrikeClient client) {
        super(CrowdStrikeClient.TYPE, "hosts:contain");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.hostAction(context, "contain", params);
    }
}
