package io.connectors.policy.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

public record PolicyDto(
        String id,
        String name,
        String description,
        String expression,
        String effect,
        @JsonProperty("risk_weight") int riskWeight,
        boolean enabled,
        int priority,
        int version,
        @JsonProperty("built_in") boolean builtIn,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("updated_by") String updatedBy) {

    static PolicyDto of(PolicyEntity policy) {
        return new PolicyDto(policy.id.toString(), policy.name, policy.description, policy.expression, policy.effect,
                policy.riskWeight, policy.enabled, policy.priority, policy.version, false, policy.createdAt,
                policy.createdBy, policy.updatedAt, policy.updatedBy);
    }

    static PolicyDto builtIn(io.connectors.policy.engine.Rule rule) {
        return new PolicyDto(rule.policyId(), rule.name(), rule.description(), rule.expression(), rule.effect().wire(),
                rule.riskWeight(), true, rule.priority(), 1, true, null, null, null, null);
    }
}
