package io.connectors.config.connector;

import java.util.List;

/** What a delete did: nothing found, refused because work still refers to the connector, or deleted. */
public record DeleteOutcome(Result result, List<String> pendingApprovals, List<String> runningExecutions) {

    public enum Result {
        NOT_FOUND,
        BLOCKED,
        DELETED
    }

    static DeleteOutcome notFound() {
        return new DeleteOutcome(Result.NOT_FOUND, List.of(), List.of());
    }
}
