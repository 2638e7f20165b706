package io.connectors.platform.events.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.signing.EventSignature;

import java.time.Instant;

/**
 * The {@code data} of an event on {@code connectors.approvals.v1} (key: approval id). The approval is bound to the
 * exact connector, operation and params ({@code params_hash}, SHA-256 of their canonical JSON); {@code execution_id}
 * lets execution-service release the parked request it belongs to. {@code signature} is policy-service's Ed25519
 * signature over the whole event ({@link io.connectors.platform.signing.EventSignatures#signingInput}): execution-service
 * acts only on events it verifies, since anyone able to write the topic could otherwise grant an approval.
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
        @JsonProperty("occurred_at") Instant occurredAt,
        EventSignature signature) {

    /** An unsigned event (the fields of v1 before signatures were added). */
    public ApprovalEvent(String approvalId, String orgId, Status status, String executionId, String decisionId,
                         String connectorId, String operation, JsonNode params, String paramsHash, String requestedBy,
                         String decidedBy, String reason, Instant expiresAt, Instant occurredAt) {
        this(approvalId, orgId, status, executionId, decisionId, connectorId, operation, params, paramsHash, requestedBy,
                decidedBy, reason, expiresAt, occurredAt, null);
    }

    /** The same event with {@code signature} as its signature member. */
    public ApprovalEvent withSignature(EventSignature signature) {
        return new ApprovalEvent(approvalId, orgId, status, executionId, decisionId, connectorId, operation, params,
                paramsHash, requestedBy, decidedBy, reason, expiresAt, occurredAt, signature);
    }

    public enum Status {
        @JsonProperty("requested") REQUESTED,
        @JsonProperty("granted") GRANTED,
        @JsonProperty("rejected") REJECTED,
        @JsonProperty("expired") EXPIRED,
        @JsonProperty("cancelled") CANCELLED
    }
}
