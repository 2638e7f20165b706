package io.connectors.types.crowdstrike;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedCheck;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Gets a token and counts the hosts (one id read). */
@Singleton
public class CrowdStrikeConnectivityCheck extends NamedCheck {

    private final CrowdStrikeClient client;

    CrowdStrikeConnectivityCheck(CrowdStrikeClient client) {
        super(CrowdStrikeClient.TYPE);
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> probe(OperationContext context) {
        return client.check(context);
    }
}
