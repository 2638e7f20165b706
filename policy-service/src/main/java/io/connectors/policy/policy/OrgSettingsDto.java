package io.connectors.policy.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An org's thresholds ({@code GET/PUT /v1/policies/settings}); {@code policy_set_version} is read-only. */
public record OrgSettingsDto(
        @JsonProperty("escalate_threshold") Integer escalateThreshold,
        @JsonProperty("deny_threshold") Integer denyThreshold,
        @JsonProperty("policy_set_version") Long policySetVersion) {
}
