package io.connectors.execution.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.execution.runner.ExecutionError;

import java.time.Instant;

/**
 * The execute API's answer, as in the Connectors API: {@code status} with {@code result} (success),
 * {@code approval_id} (pending_approval) or {@code error} (denied, error); plus the ids to follow it up.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecuteResponse(
        String status,
        JsonNode result,
        @JsonProperty("approval_id") String approvalId,
        @JsonProperty("expires_at") Instant expiresAt,
        ExecutionError error,
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("decision_id") String decisionId) {
}
