package io.connectors.policy.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.policy.engine.Reason;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code POST /v1/decisions}; {@code approval_id} and {@code expires_at} only when escalated.
 * {@code audit_record} comes with an allow or deny decided from the rules: the decision log as a complete audit event
 * (schema {@code audit.record.v1.json}), which policy-service does not write; the caller appends it as it is to its
 * outbox (topic {@code connectors.audit.v1}, key = org id) in the transaction that records the execution. Without it
 * (an escalation, or an allow through a granted approval) policy-service has committed the decision log itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionResponse(
        @JsonProperty("decision_id") String decisionId,
        String outcome,
        @JsonProperty("risk_score") int riskScore,
        List<Reason> reasons,
        @JsonProperty("approval_id") String approvalId,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("audit_record") EventEnvelope<AuditRecord> auditRecord) {
}
