package io.connectors.types.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code issues:transition}: moves an issue through its workflow. */
@Singleton
public class IssuesTransitionHandler extends NamedOperation {

    private final JiraClient client;

    IssuesTransitionHandler(JiraClient client) {
        super(JiraClient.TYPE, "issues:transition");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.transition(context, params);
    }
}
