package io.connectors.types.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code events:resolve}: resolves the open alert with the dedup_key. */
@Singleton
public class EventsResolveHandler extends NamedOperation {

    private final PagerDutyClient client;

    EventsResolveHandler(PagerDutyClient client) {
        super(PagerDutyClient.TYPE, "events:resolve");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.followUp(context, "resolve", params);
    }
}
