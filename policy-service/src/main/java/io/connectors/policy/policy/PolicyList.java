package io.connectors.policy.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A page of an org's policies. While the org has no enabled policy, the built-in default applies and is listed in
 * {@code built_in_policies}.
 */
public record PolicyList(
        List<PolicyDto> policies,
        long total,
        int page,
        @JsonProperty("page_size") int pageSize,
        @JsonProperty("total_pages") int totalPages,
        @JsonProperty("default_in_effect") boolean defaultInEffect,
        @JsonProperty("built_in_policies") List<PolicyDto> builtInPolicies) {
}
