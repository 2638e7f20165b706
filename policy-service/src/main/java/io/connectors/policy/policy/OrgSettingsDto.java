package io.connectors.policy.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.connectors.policy.web.JsonFields;

import java.util.Set;

/** An org's thresholds ({@code GET/PUT /v1/policies/settings}); {@code policy_set_version} is read-only. */
public record OrgSettingsDto(
        @JsonProperty("escalate_threshold") Integer escalateThreshold,
        @JsonProperty("deny_threshold") Integer denyThreshold,
        @JsonProperty("policy_set_version") Long policySetVersion) {

    private static final Set<String> FIELDS = Set.of("escalate_threshold", "deny_threshold");

    /** The thresholds of a PUT, each a whole number or null. */
    static OrgSettingsDto read(JsonFields fields) {
        fields.rejectUnknown(FIELDS, Set.of("policy_set_version"));
        return new OrgSettingsDto(fields.integer("escalate_threshold"), fields.integer("deny_threshold"), null);
    }
}
