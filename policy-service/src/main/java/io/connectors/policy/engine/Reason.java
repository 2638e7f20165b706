package io.connectors.policy.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a decision came out as it did: a matched rule ({@code policy_id} set), or a built-in check (scope, risk
 * threshold, approval) with {@code policy_id} null.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Reason(@JsonProperty("policy_id") String policyId, String rule, Effect effect, String message) {

    public static final String SCOPE = "scope";
    public static final String RISK_THRESHOLD = "risk_threshold";
    public static final String APPROVAL = "approval";
}
