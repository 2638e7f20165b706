package io.connectors.config.connector;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * A connector configuration as the API shows it: the seed's fields plus name, description, enabled, config, and what
 * an infrastructure-as-code tool needs to detect credential drift without reading a secret (which fields are set,
 * their version and when they changed). Credentials appear only redacted.
 */
public record ConnectorDto(
        String id,
        @JsonProperty("org_id") String orgId,
        @JsonProperty("agent_id") String agentId,
        String name,
        String description,
        @JsonProperty("connector_type") String connectorType,
        @JsonProperty("type_version") String typeVersion,
        boolean enabled,
        @JsonProperty("permitted_operations") List<String> permittedOperations,
        JsonNode config,
        @JsonProperty("credentials_configured") boolean credentialsConfigured,
        @JsonProperty("credentials_redacted") JsonNode credentialsRedacted,
        @JsonProperty("credentials_fields_set") List<String> credentialsFieldsSet,
        @JsonProperty("credentials_version") long credentialsVersion,
        @JsonProperty("credentials_updated_at") Instant credentialsUpdatedAt,
        long version,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {
}
