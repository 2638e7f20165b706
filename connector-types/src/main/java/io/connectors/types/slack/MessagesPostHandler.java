package io.connectors.types.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code messages:post}: posts a message to a channel or thread. */
@Singleton
public class MessagesPostHandler extends NamedOperation {

    private final SlackClient client;

    MessagesPostHandler(SlackClient client) {
        super(SlackClient.TYPE, "messages:post");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.post(context, params);
    }
}
