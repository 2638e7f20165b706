package io.connectors.execution.runner;

import io.connectors.execution.ExecutionConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The in-memory guard of each connector this replica has called (see {@link ConnectorGuard}). */
@ApplicationScoped
public class ConnectorGuards {

    private final ConcurrentMap<String, ConnectorGuard> guards = new ConcurrentHashMap<>();
    private final ExecutionConfig config;

    public ConnectorGuards(ExecutionConfig config) {
        this.config = config;
    }

    ConnectorGuard of(String connectorId) {
        return guards.computeIfAbsent(connectorId, id -> new ConnectorGuard(config.rateLimit().permitsPerSecond(),
                config.rateLimit().burst(), config.breaker().failureThreshold(), config.breaker().openFor(),
                System::nanoTime));
    }

    /** Whether this replica's breaker for the connector is open (the periodic check then leaves it alone). */
    public boolean isOpen(String connectorId) {
        ConnectorGuard guard = guards.get(connectorId);
        return guard != null && guard.isOpen();
    }

    /** Forgets a deleted connector's guard. */
    public void forget(String connectorId) {
        guards.remove(connectorId);
    }
}
