package io.connectors.types.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code issues:read}: reads an issue by key or id. */
@Singleton
public class IssuesReadHandler extends NamedOperation {

    private final JiraClient client;

    IssuesReadHandler(JiraClient client) {
        super(JiraClient.TYPE, "issues:read");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.read(context, params);
    }
}
