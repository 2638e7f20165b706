package io.connectors.types;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/** A loaded definition (see {@link Definitions}). Schema accessors return copies: definitions are shared. */
record TypeDefinition(String id, String name, String description, String version, int majorVersion, boolean deprecated,
                      JsonNode configSchema, JsonNode credentialSchema, List<CredentialField> credentialFields,
                      List<OperationDefinition> operations) implements ConnectorTypeDefinition {

    TypeDefinition {
        credentialFields = List.copyOf(credentialFields);
        operations = List.copyOf(operations);
    }

    @Override
    public JsonNode configSchema() {
        return configSchema.deepCopy();
    }

    @Override
    public JsonNode credentialSchema() {
        return credentialSchema.deepCopy();
    }

    @Override
    public Optional<OperationDefinition> operation(String name) {
        return operations.stream().filter(operation -> operation.name().equals(name)).findFirst();
    }
}
