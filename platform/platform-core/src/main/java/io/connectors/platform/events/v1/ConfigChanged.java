package io.connectors.platform.events.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * The {@code data} of a config upsert on the compacted {@code connectors.config.v1} (key: config id; a deletion is a
 * tombstone). Carries what execution-service needs to run operations; the credentials stay encrypted
 * ({@code credentials_ciphertext} is the cipher's opaque envelope, bound to org and config id), never plaintext.
 */
public record ConfigChanged(
        String id,
        @JsonProperty("org_id") String orgId,
        @JsonProperty("agent_id") String agentId,
        String name,
        @JsonProperty("connector_type") String connectorType,
        @JsonProperty("type_version") String typeVersion,
        boolean enabled,
        @JsonProperty("permitted_operations") List<String> permittedOperations,
        @JsonProperty("config") com.fasterxml.jackson.databind.JsonNode config,
        @JsonProperty("credentials_ciphertext") String credentialsCiphertext,
        @JsonProperty("credentials_version") long credentialsVersion,
        long version,
        @JsonProperty("updated_at") Instant updatedAt) {
}
