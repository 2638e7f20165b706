package io.connectors.types.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code issues:comment}: adds a comment to an issue. */
@Singleton
public class IssuesCommentHandler extends NamedOperation {

    private final JiraClient client;

    IssuesCommentHandler(JiraClient client) {
        super(JiraClient.TYPE, "issues:comment");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.comment(context, params);
    }
}
