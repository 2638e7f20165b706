package io.connectors.platform.events.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * The {@code data} of an event on {@code connectors.execution-results.v1} (key: execution id). {@code status} follows
 * the execute API: {@code running} while in flight, then success, pending_approval, denied, error or cancelled,
 * or interrupted (the outcome of a call in flight when execution-service died is unknown).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionResult(
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("org_id") String orgId,
        @JsonProperty("connector_id") String connectorId,
        String operation,
        String status,
        JsonNode result,
        String error,
        @JsonProperty("approval_id") String approvalId,
        @JsonProperty("decision_id") String decisionId,
        @JsonProperty("finished_at") Instant finishedAt) {

    public static final String RUNNING = "running";
    public static final String SUCCESS = "success";
    public static final String PENDING_APPROVAL = "pending_approval";
    public static final String DENIED = "denied";
    public static final String ERROR = "error";
    public static final String CANCELLED = "cancelled";
    public static final String INTERRUPTED = "interrupted";
}
