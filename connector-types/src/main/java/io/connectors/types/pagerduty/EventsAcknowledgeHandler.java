package io.connectors.types.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code events:acknowledge}: acknowledges the open alert with the dedup_key. */
@Singleton
public class EventsAcknowledgeHandler extends NamedOperation {

    private final PagerDutyClient client;

    EventsAcknowledgeHandler(PagerDutyClient client) {
        super(PagerDutyClient.TYPE, "events:acknowledge");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.followUp(context, "acknowledge", params);
    }
}
