package io.connectors.types.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedCheck;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** A HEAD request to the URL with the credentials. */
@Singleton
public class WebhookConnectivityCheck extends NamedCheck {

    private final WebhookClient client;

    WebhookConnectivityCheck(WebhookClient client) {
        super(WebhookClient.TYPE);
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> probe(OperationContext context) {
        return client.check(context);
    }
}
