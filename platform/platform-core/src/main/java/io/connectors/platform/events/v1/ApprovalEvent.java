package io.connectors.platform.events.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * The {@code data} of an event on {@code connectors.approvals.v1} (key: approval id). The approval is bound to the
 * exact connector, operation and params ({@code params_hash}, SHA-256 of their canonical JSON); {@code execution_id}
 * lets execution-service release the parked request it belongs to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalEvent(
        @JsonProperty("approval_id") String approvalId,
        @JsonProperty("org_id") String orgId,
        Status status,
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("decision_id") String decisionId,
        @JsonProperty("connector_id") String connectorId,
        String operation,
        JsonNode params,
        @JsonProperty("params_hash") String paramsHash,
        @JsonProperty("requested_by") String requestedBy,
        @JsonProperty("decided_by") String decidedBy,
        String reason,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("occurred_at") Instant occurredAt) {

    public enum Status {
        @JsonProperty("requested") REQUESTED,
        @JsonProperty("granted") GRANTED,
        @JsonProperty("rejected") REJECTED,
        @JsonProperty("expired") EXPIRED,
        @JsonProperty("cancelled") CANCELLED
    }
}
