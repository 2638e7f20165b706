package io.connectors.types.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedCheck;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Reads the authenticated user ({@code GET myself}). */
@Singleton
public class JiraConnectivityCheck extends NamedCheck {

    private final JiraClient client;

    JiraConnectivityCheck(JiraClient client) {
        super(JiraClient.TYPE);
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> probe(OperationContext context) {
        return client.check(context);
    }
}
