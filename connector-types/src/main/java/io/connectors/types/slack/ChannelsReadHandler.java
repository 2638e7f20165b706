package io.connectors.types.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code channels:read}: lists channels, a page at a time. */
@Singleton
public class ChannelsReadHandler extends NamedOperation {

    private final SlackClient client;

    ChannelsReadHandler(SlackClient client) {
        super(SlackClient.TYPE, "channels:read");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.channels(context, params);
    }
}
