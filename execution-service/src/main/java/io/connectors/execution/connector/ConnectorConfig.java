package io.connectors.execution.connector;

import io.connectors.platform.events.v1.ConfigChanged;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One row of the read model built from {@code connectors.config.v1}. Internal to the service. */
@Entity
@Table(name = "connector_configs")
public class ConnectorConfig {

    @Id
    String id;

    @Column(name = "org_id", nullable = false, updatable = false)
    String orgId;

    @Column(name = "agent_id")
    String agentId;

    String name;

    @Column(name = "connector_type", nullable = false)
    String connectorType;

    @Column(name = "type_version")
    String typeVersion;

    boolean enabled;

    /** JSON array. */
    @Column(name = "permitted_operations", nullable = false)
    String permittedOperations;

    /** JSON object. */
    String config;

    @Column(name = "credentials_ciphertext")
    String credentialsCiphertext;

    @Column(name = "credentials_version")
    long credentialsVersion;

    long version;

    @Column(name = "updated_at")
    Instant updatedAt;

    @Column(name = "deleted_at")
    Instant deletedAt;

    protected ConnectorConfig() {
    }

    ConnectorConfig(String id, String orgId) {
        this.id = id;
        this.orgId = orgId;
    }

    // Changes go through methods of the entity itself: Hibernate's dirty tracking sees only the entity's own writes.
    void apply(ConfigChanged event, String permittedOperationsJson, String configJson) {
        agentId = event.agentId();
        name = event.name();
        connectorType = event.connectorType();
        typeVersion = event.typeVersion();
        enabled = event.enabled();
        permittedOperations = permittedOperationsJson;
        config = configJson;
        credentialsCiphertext = event.credentialsCiphertext();
        credentialsVersion = event.credentialsVersion();
        version = event.version();
        updatedAt = event.updatedAt();
    }

    void markDeleted(Instant at) {
        deletedAt = at;
        credentialsCiphertext = null;
        enabled = false;
    }
}
