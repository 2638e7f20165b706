package io.connectors.registry.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One credential field in the seed's shape: {@code sensitive} appears only when true, {@code description} and
 * {@code default} only when the field has them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "required", "sensitive", "description", "default"})
public record CredentialSchemaField(
        String type,
        boolean required,
        Boolean sensitive,
        String description,
        @JsonProperty("default") Object defaultValue) {
}
