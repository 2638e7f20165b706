package io.connectors.policy.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

public record PolicyVersionDto(
        int version,
        String change,
        String name,
        String description,
        String expression,
        String effect,
        @JsonProperty("risk_weight") int riskWeight,
        boolean enabled,
        int priority,
        @JsonProperty("changed_at") Instant changedAt,
        @JsonProperty("changed_by") String changedBy) {

    static PolicyVersionDto of(PolicyVersionEntity version) {
        return new PolicyVersionDto(version.version, version.change, version.name, version.description,
                version.expression, version.effect, version.riskWeight, version.enabled, version.priority,
                version.changedAt, version.changedBy);
    }

    /** {@code GET /v1/policies/{id}/versions}: oldest first. */
    public record Versions(@JsonProperty("policy_id") String policyId, List<PolicyVersionDto> versions) {
    }
}
