package io.connectors.types.runtime;

import io.connectors.types.ConnectorCatalog;
import io.connectors.types.ConnectorTypeDefinition;
import io.quarkus.arc.All;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One connectivity check per catalog type; a type without one (or with two) fails the start. */
@Startup
@ApplicationScoped
public class ConnectivityChecks {

    private final Map<String, ConnectivityCheck> checks;

    @Inject
    public ConnectivityChecks(@All List<ConnectivityCheck> checks, ConnectorCatalog catalog) {
        Map<String, ConnectivityCheck> byType = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ConnectivityCheck check : checks) {
            if (byType.put(check.typeId(), check) != null) {
                problems.add("two connectivity checks for " + check.typeId());
            }
            if (catalog.current(check.typeId()).isEmpty()) {
                problems.add("connectivity check for unknown type " + check.typeId());
            }
        }
        for (ConnectorTypeDefinition type : catalog.all()) {
            if (!byType.containsKey(type.id())) {
                problems.add("no connectivity check for " + type.id());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Connectivity checks do not match the catalog: " + problems);
        }
        this.checks = Map.copyOf(byType);
    }

    public Optional<ConnectivityCheck> find(String typeId) {
        return Optional.ofNullable(typeId == null ? null : checks.get(typeId));
    }
}
