package io.connectors.types.runtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything a handler may use. {@code credentials} are decrypted and held in memory only: never logged, never in a
 * result or an error. {@code config} and {@code credentials} are valid against the schemas of {@code majorVersion}.
 */
public record OperationContext(String orgId, String connectorId, String executionId, int majorVersion,
                               JsonNode config, JsonNode credentials, OutboundPolicy outbound) {

    /** Omits the credentials: a context printed by accident must not leak them. */
    @Override
    public String toString() {
        return "OperationContext[orgId=" + orgId + ", connectorId=" + connectorId + ", executionId=" + executionId
                + ", majorVersion=" + majorVersion + "]";
    }
}
