package io.connectors.types.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code events:trigger}: opens an alert, or adds to the open one with the same dedup_key. */
@Singleton
public class EventsTriggerHandler extends NamedOperation {

    private final PagerDutyClient client;

    EventsTriggerHandler(PagerDutyClient client) {
        super(PagerDutyClient.TYPE, "events:trigger");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.trigger(context, params);
    }
}
