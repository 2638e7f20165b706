package io.connectors.types.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedCheck;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Reaches the Events API with an event it rejects unprocessed. */
@Singleton
public class PagerDutyConnectivityCheck extends NamedCheck {

    private final PagerDutyClient client;

    PagerDutyConnectivityCheck(PagerDutyClient client) {
        super(PagerDutyClient.TYPE);
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> probe(OperationContext context) {
        return client.check(context);
    }
}
