package io.connectors.execution.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** policy-service's answer. {@code approval_id} and {@code expires_at} come with an escalation. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Decision(
        @JsonProperty("decision_id") String decisionId,
        String outcome,
        @JsonProperty("risk_score") Integer riskScore,
        List<Reason> reasons,
        @JsonProperty("approval_id") String approvalId,
        @JsonProperty("expires_at") Instant expiresAt) {

    public static final String ALLOW = "allow";
    public static final String DENY = "deny";
    public static final String ESCALATE = "escalate";

    /** Fail closed: an answer this service cannot act on safely is treated as no answer. */
    boolean isUsable() {
        return decisionId != null && !decisionId.isBlank() && decisionId.length() <= 128
                && (ALLOW.equals(outcome) || DENY.equals(outcome)
                || ESCALATE.equals(outcome) && approvalId != null && !approvalId.isBlank() && approvalId.length() <= 128);
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
