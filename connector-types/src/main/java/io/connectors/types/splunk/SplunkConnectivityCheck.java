package io.connectors.types.splunk;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedCheck;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Reads the server info with the token. */
@Singleton
public class SplunkConnectivityCheck extends NamedCheck {

    private final SplunkClient client;

    SplunkConnectivityCheck(SplunkClient client) {
        super(SplunkClient.TYPE);
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> probe(OperationContext context) {
        return client.check(context);
    }
}
