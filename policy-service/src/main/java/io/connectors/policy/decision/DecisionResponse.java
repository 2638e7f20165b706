package io.connectors.policy.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.connectors.policy.engine.Reason;

import java.time.Instant;
import java.util.List;

/** The answer of {@code POST /v1/decisions}; {@code approval_id} and {@code expires_at} only when escalated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionResponse(
        @JsonProperty("decision_id") String decisionId,
        String outcome,
        @JsonProperty("risk_score") int riskScore,
        List<Reason> reasons,
        @JsonProperty("approval_id") String approvalId,
        @JsonProperty("expires_at") Instant expiresAt) {
}
