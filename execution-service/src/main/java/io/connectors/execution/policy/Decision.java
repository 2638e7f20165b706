package io.connectors.execution.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.execution.support.Ids;
import io.connectors.platform.events.EventTypes;

import java.time.Instant;
import java.util.List;

/**
 * policy-service's answer. {@code approval_id} and {@code expires_at} come with an escalation. {@code audit_record}
 * (allow and deny) is the decision's audit event, which policy-service does not write itself: this service commits it
 * in the transaction that records the execution, so the decision log exists exactly when the execution does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Decision(
        @JsonProperty("decision_id") String decisionId,
        String outcome,
        @JsonProperty("risk_score") Integer riskScore,
        List<Reason> reasons,
        @JsonProperty("approval_id") String approvalId,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("audit_record") JsonNode auditRecord) {

    public static final String ALLOW = "allow";
    public static final String DENY = "deny";
    public static final String ESCALATE = "escalate";

    /** Fail closed: an answer this service cannot act on safely is treated as no answer. */
    boolean isUsable(String orgId) {
        return decisionId != null && !decisionId.isBlank() && decisionId.length() <= 128
                && (ALLOW.equals(outcome) || DENY.equals(outcome)
                || ESCALATE.equals(outcome) && approvalId != null && !approvalId.isBlank() && approvalId.length() <= 128)
                && (auditRecord == null || isAuditRecordOf(orgId));
    }

    /** The audit event handed over must be this decision's, in this org: it goes to the org's trail as it is. */
    private boolean isAuditRecordOf(String orgId) {
        return auditRecord.isObject() && Ids.uuidOrNull(auditRecord.path("id").asText(null)) != null
                && EventTypes.AUDIT_RECORD.type().equals(auditRecord.path("type").asText(null))
                && orgId.equals(auditRecord.path("orgid").asText(null))
                && decisionId.equals(auditRecord.path("data").path("decision_id").asText(null));
    }

    /** The matched rules, as people read them. */
    public List<String> reasonsOrEmpty() {
        return reasons == null ? List.of() : reasons.stream().map(Reason::describe).toList();
    }

    /** One matched rule of policy-service's answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reason(@JsonProperty("policy_id") String policyId, String rule, String effect, String message) {

        String describe() {
            return message != null && !message.isBlank() ? message : "rule " + rule + " of policy " + policyId + " (" + effect + ")";
        }
    }
}
