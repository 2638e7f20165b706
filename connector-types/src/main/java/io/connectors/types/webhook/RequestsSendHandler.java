package io.connectors.types.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code requests:send}: one request with a JSON body to the configured URL. */
@Singleton
public class RequestsSendHandler extends NamedOperation {

    private final WebhookClient client;

    RequestsSendHandler(WebhookClient client) {
        super(WebhookClient.TYPE, "requests:send");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.send(context, params);
    }
}
