package io.connectors.types.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedCheck;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code auth.test} with the bot token. */
@Singleton
public class SlackConnectivityCheck extends NamedCheck {

    private final SlackClient client;

    SlackConnectivityCheck(SlackClient client) {
        super(SlackClient.TYPE);
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> probe(OperationContext context) {
        return client.check(context);
    }
}
