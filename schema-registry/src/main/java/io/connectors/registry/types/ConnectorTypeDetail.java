package io.connectors.registry.types;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code GET /v1/connector-types/{type}}: one major version with its schemas and operations. */
public record ConnectorTypeDetail(
        String type,
        String name,
        String description,
        String version,
        @JsonProperty("major_version") int majorVersion,
        List<String> versions,
        boolean deprecated,
        boolean enabled,
        @JsonProperty("config_schema") JsonNode configSchema,
        @JsonProperty("credential_schema") JsonNode credentialSchema,
        List<Operation> operations) {

    public record Operation(
            String name,
            String description,
            @JsonProperty("class") String operationClass,
            @JsonProperty("base_risk") int baseRisk,
            boolean idempotent,
            @JsonProperty("params_schema") JsonNode paramsSchema) {
    }
}
