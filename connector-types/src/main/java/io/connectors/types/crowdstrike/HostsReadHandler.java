package io.connectors.types.crowdstrike;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code hosts:read}: hosts by device id or FQL filter. */
@Singleton
public class HostsReadHandler extends NamedOperation {

    private final CrowdStrikeClient client;

    HostsReadHandler(CrowdStrikeClient client) {
        super(CrowdStrikeClient.TYPE, "hosts:read");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.hosts(context, params);
    }
}
