package io.connectors.policy.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /v1/policies} and {@code PUT /v1/policies/{id}} (and a draft in a dry run). */
public record PolicyRequest(
        String name,
        String description,
        String expression,
        String effect,
        @JsonProperty("risk_weight") Integer riskWeight,
        Boolean enabled,
        Integer priority) {
}
