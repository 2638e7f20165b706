package io.connectors.types;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/** One major version of a connector type: its schemas and its named operations. Schemas are JSON Schema 2020-12. */
public interface ConnectorTypeDefinition {

    String id();

    String name();

    String description();

    /** Semantic version, e.g. {@code 1.0.0}. */
    String version();

    int majorVersion();

    boolean deprecated();

    /** Non-secret settings of a configuration. */
    JsonNode configSchema();

    /** How to reach and authenticate to the external system; sensitive fields are marked {@code writeOnly}. */
    JsonNode credentialSchema();

    /** The credential schema's top-level fields, flattened. */
    List<CredentialField> credentialFields();

    List<OperationDefinition> operations();

    Optional<OperationDefinition> operation(String name);
}
