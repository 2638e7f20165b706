package io.connectors.types.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code messages:send}: one plain-text message. */
@Singleton
public class MessagesSendHandler extends NamedOperation {

    private final EmailClient client;

    MessagesSendHandler(EmailClient client) {
        super(EmailClient.TYPE, "messages:send");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.send(context, params);
    }
}
