package io.connectors.types.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code issues:create}: creates an issue in the configured project. */
@Singleton
public class IssuesCreateHandler extends NamedOperation {

    private final JiraClient client;

    IssuesCreateHandler(JiraClient client) {
        super(JiraClient.TYPE, "issues:create");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.create(context, params);
    }
}
