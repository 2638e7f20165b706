package io.connectors.policy.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.connectors.policy.web.JsonFields;

import java.util.Set;

/** The body of {@code POST /v1/policies} and {@code PUT /v1/policies/{id}} (and a draft in a dry run). */
public record PolicyRequest(
        String name,
        String description,
        String expression,
        String effect,
        @JsonProperty("risk_weight") Integer riskWeight,
        Boolean enabled,
        Integer priority) {

    private static final Set<String> FIELDS =
            Set.of("name", "description", "expression", "effect", "risk_weight", "enabled", "priority");
    /** What a policy answers with besides: sent back (a GET, edited, PUT), they would be silently ignored. */
    private static final Set<String> READ_ONLY =
            Set.of("id", "version", "built_in", "created_at", "created_by", "updated_at", "updated_by");

    /** The policy as written, each value of its JSON type or null; {@link PolicyRequests} checks the values. */
    static PolicyRequest read(JsonFields fields) {
        if (fields == null) {
            return null;
        }
        fields.rejectUnknown(FIELDS, READ_ONLY);
        return new PolicyRequest(fields.text("name"), fields.multilineText("description"),
                fields.multilineText("expression"), fields.text("effect"), fields.integer("risk_weight"),
                fields.bool("enabled"), fields.integer("priority"));
    }
}
