package io.connectors.execution.connector;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.connectors.execution.support.Json;
import io.connectors.platform.events.v1.ConfigChanged;
import io.connectors.types.ConnectorCatalog;
import io.connectors.types.ConnectorTypeDefinition;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** The read model of connector configurations, always used inside an org-scoped transaction. */
@ApplicationScoped
public class ConnectorRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final ObjectMapper mapper;
    private final ConnectorCatalog catalog;

    public ConnectorRepository(ObjectMapper mapper, ConnectorCatalog catalog) {
        this.mapper = mapper;
        this.catalog = catalog;
    }

    /** The live configuration, or null when it is unknown, deleted or another org's (RLS hides those). */
    public Uni<Connector> find(Mutiny.Session session, String id) {
        return session.find(ConnectorConfig.class, id)
                .map(row -> row == null || row.deletedAt != null ? null : toConnector(row));
    }

    /**
     * Applies an upsert unless the stored version is as new or newer, or the configuration was deleted (ids are never
     * reused, so a late upsert after a tombstone is a replay). Answers whether the row changed.
     */
    public Uni<Boolean> apply(Mutiny.Session session, ConfigChanged event) {
        return session.find(ConnectorConfig.class, event.id()).chain(existing -> {
            if (existing != null && (existing.deletedAt != null || existing.version >= event.version())) {
                return Uni.createFrom().item(false);
            }
            ConnectorConfig row = existing == null ? new ConnectorConfig(event.id(), event.orgId()) : existing;
            row.apply(event, Json.write(mapper, event.permittedOperations() == null ? List.of() : event.permittedOperations()),
                    Json.write(mapper, event.config()));
            return (existing == null ? session.persist(row) : Uni.createFrom().voidItem()).replaceWith(true);
        });
    }

    /** Marks a configuration deleted and forgets its credentials; answers false when it was unknown or already gone. */
    public Uni<Boolean> markDeleted(Mutiny.Session session, String id, Instant at) {
        return session.find(ConnectorConfig.class, id).map(row -> {
            if (row == null || row.deletedAt != null) {
                return false;
            }
            row.markDeleted(at);
            return true;
        });
    }

    private Connector toConnector(ConnectorConfig row) {
        try {
            List<String> operations = mapper.readValue(row.permittedOperations, STRINGS);
            return new Connector(row.id, row.orgId, row.agentId, row.name, row.connectorType,
                    majorVersion(row.connectorType, row.typeVersion), row.enabled, List.copyOf(operations),
                    row.config == null ? JsonNodeFactory.instance.objectNode() : Json.read(mapper, row.config),
                    row.credentialsCiphertext);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code type_version} is semantic ({@code 2.1.0}) or a bare major; absent means the type's current major. */
    private int majorVersion(String type, String typeVersion) {
        if (typeVersion != null) {
            String major = typeVersion.split("\\.", 2)[0];
            if (major.matches("[0-9]{1,6}")) {
                return Integer.parseInt(major);
            }
        }
        return catalog.current(type).map(ConnectorTypeDefinition::majorVersion).orElse(1);
    }
}
