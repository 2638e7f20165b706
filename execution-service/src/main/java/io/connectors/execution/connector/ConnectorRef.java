package io.connectors.execution.connector;

/** Which org a connector belongs to, for jobs that start without an org. */
public record ConnectorRef(String id, String orgId) {
}
