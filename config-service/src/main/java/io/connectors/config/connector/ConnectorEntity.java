package io.connectors.config.connector;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored connector configuration. Internal to the service. JSON parts are kept as text ({@link JsonText}); the
 * credentials only as the cipher's envelope plus their redacted view. {@code version} bumps on every change (ETag).
 */
@Entity
@Table(name = "connectors")
public class ConnectorEntity {

    @Id
    UUID id;

    @Column(name = "org_id", nullable = false, updatable = false)
    String orgId;

    @Column(name = "agent_id", nullable = false, updatable = false)
    UUID agentId;

    String name;
    String description;

    @Column(name = "connector_type", nullable = false, updatable = false)
    String connectorType;

    @Column(name = "type_version")
    String typeVersion;

    boolean enabled;

    @Column(name = "permitted_operations")
    String permittedOperations;

    String config;

    @Column(name = "credentials_ciphertext")
    String credentialsCiphertext;

    @Column(name = "credentials_redacted")
    String credentialsRedacted;

    @Column(name = "credentials_fields")
    String credentialsFields;

    @Column(name = "credentials_version")
    long credentialsVersion;

    @Column(name = "credentials_updated_at")
    Instant credentialsUpdatedAt;

    long version;

    @Column(name = "created_at", updatable = false)
    Instant createdAt;

    @Column(name = "created_by", updatable = false)
    String createdBy;

    @Column(name = "updated_at")
    Instant updatedAt;

    @Column(name = "updated_by")
    String updatedBy;
}
