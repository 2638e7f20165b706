package io.connectors.types.crowdstrike;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code hosts:lift_containment}: normal network access again. */
@Singleton
public class HostsLiftContainmentHandler extends NamedOperation {

    private final CrowdStrikeClient client;

    HostsLiftContainmentHandler(CrowdStrikeClient client) {
        super(CrowdStrikeClient.TYPE, "hosts:lift_containment");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.hostAction(context, "lift_containment", params);
    }
}
