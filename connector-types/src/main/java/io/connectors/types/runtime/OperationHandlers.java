package io.connectors.types.runtime;

import io.connectors.types.ConnectorCatalog;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.OperationDefinition;
import io.quarkus.arc.All;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every operation handler, by type and operation. Built at start-up and checked against the catalog: an operation of
 * any served major version without a handler, a handler for an operation the catalog does not define, or two handlers
 * for one operation fail the start, so the catalog and the code cannot drift.
 */
@Startup
@ApplicationScoped
public class OperationHandlers {

    private final Map<String, OperationHandler> handlers;

    @Inject
    public OperationHandlers(@All List<OperationHandler> handlers, ConnectorCatalog catalog) {
        Map<String, OperationHandler> byKey = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (OperationHandler handler : handlers) {
            if (byKey.put(key(handler.typeId(), handler.operation()), handler) != null) {
                problems.add("two handlers for " + key(handler.typeId(), handler.operation()));
            }
        }
        Set<String> defined = new TreeSet<>();
        for (ConnectorTypeDefinition current : catalog.all()) {
            for (ConnectorTypeDefinition version : catalog.versions(current.id())) {
                for (OperationDefinition operation : version.operations()) {
                    String key = key(version.id(), operation.name());
                    defined.add(key);
                    if (!byKey.containsKey(key)) {
                        problems.add("no handler for " + key + " (version " + version.version() + ")");
                    }
                }
            }
        }
        byKey.keySet().stream().filter(key -> !defined.contains(key)).sorted()
                .forEach(key -> problems.add("handler for " + key + ", which the catalog does not define"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Connector operation handlers do not match the catalog: " + problems);
        }
        this.handlers = Map.copyOf(byKey);
    }

    public Optional<OperationHandler> find(String typeId, String operation) {
        return Optional.ofNullable(handlers.get(key(typeId, operation)));
    }

    private static String key(String typeId, String operation) {
        return typeId + " " + operation;
    }
}
