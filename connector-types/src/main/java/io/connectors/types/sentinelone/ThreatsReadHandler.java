package io.connectors.types.sentinelone;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code threats:read}: lists threats, a page at a time. */
@Singleton
public class ThreatsReadHandler extends NamedOperation {

    private final SentinelOneClient client;

    ThreatsReadHandler(SentinelOneClient client) {
        super(SentinelOneClient.TYPE, "threats:read");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.threats(context, params);
    }
}
