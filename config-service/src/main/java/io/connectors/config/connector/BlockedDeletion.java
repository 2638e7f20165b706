package io.connectors.config.connector;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The 409 problem of a delete refused because approvals or executions still refer to the connector. */
public record BlockedDeletion(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        @JsonProperty("pending_approvals") List<String> pendingApprovals,
        @JsonProperty("running_executions") List<String> runningExecutions) {

    static BlockedDeletion of(String path, DeleteOutcome outcome) {
        return new BlockedDeletion("about:blank", "Conflict", 409,
                "The connector has " + outcome.pendingApprovals().size() + " pending approval(s) and "
                        + outcome.runningExecutions().size() + " running execution(s); delete with ?force=true to cancel them",
                path, outcome.pendingApprovals(), outcome.runningExecutions());
    }
}
