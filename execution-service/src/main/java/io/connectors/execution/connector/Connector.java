package io.connectors.execution.connector;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A live connector configuration as the execution flow sees it. {@code credentialsCiphertext} stays encrypted until
 * the moment of the call; {@code majorVersion} selects the type's definition the configuration was stored against.
 */
public record Connector(String id, String orgId, String agentId, String name, String type, int majorVersion,
                        boolean enabled, List<String> permittedOperations, JsonNode config,
                        String credentialsCiphertext) {

    public boolean permits(String operation) {
        return permittedOperations.contains(operation);
    }

    public boolean hasCredentials() {
        return credentialsCiphertext != null && !credentialsCiphertext.isBlank();
    }

    /** What the rest of the service may show or log about this connector: never the ciphertext. */
    @Override
    public String toString() {
        return "Connector[" + id + ", " + type + " v" + majorVersion + "]";
    }
}
