package io.connectors.execution.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.execution.runner.ExecutionError;

import java.time.Instant;

/** An execution as {@code GET /v1/executions} shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionView(
        String id,
        @JsonProperty("connector_id") String connectorId,
        @JsonProperty("connector_type") String connectorType,
        String operation,
        String mode,
        String status,
        JsonNode params,
        JsonNode result,
        ExecutionError error,
        @JsonProperty("decision_id") String decisionId,
        @JsonProperty("risk_score") Integer riskScore,
        @JsonProperty("approval_id") String approvalId,
        @JsonProperty("approval_expires_at") Instant approvalExpiresAt,
        @JsonProperty("approved_by") String approvedBy,
        @JsonProperty("requested_by") Requester requestedBy,
        int attempts,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("finished_at") Instant finishedAt) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Requester(String subject, String username) {
    }
}
