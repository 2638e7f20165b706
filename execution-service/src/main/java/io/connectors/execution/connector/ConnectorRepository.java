package io.connectors.execution.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.connectors.execution.support.Json;
import io.connectors.execution.support.SqlTimes;
import io.connectors.platform.events.v1.ConfigChanged;
import io.connectors.types.ConnectorCatalog;
import io.connectors.types.ConnectorTypeDefinition;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored read model of connector configurations (table connector_configs), which {@link ConnectorReadModel}
 * serves from memory and reloads from at start-up. Org-scoped writes; the start-up load reads across orgs.
 */
@ApplicationScoped
class ConnectorRepository {

    private final ObjectMapper mapper;
    private final ConnectorCatalog catalog;

    ConnectorRepository(ObjectMapper mapper, ConnectorCatalog catalog) {
        this.mapper = mapper;
        this.catalog = catalog;
    }

    /** A stored configuration: live, or deleted (a tombstone keeps the row so a replayed upsert cannot revive it). */
    record Stored(Connector connector, long version, boolean deleted) {
    }

    /**
     * Applies an upsert unless the stored version is as new or newer, or the configuration was deleted (ids are never
     * reused, so a late upsert after a tombstone is a replay). Answers whether the row changed.
     */
    Uni<Boolean> apply(SqlConnection connection, ConfigChanged change) {
        return connection.preparedQuery("insert into connector_configs (id, org_id, agent_id, name, connector_type,"
                        + " type_version, enabled, permitted_operations, config, credentials_ciphertext, credentials_version,"
                        + " version, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
                        + " on conflict (id) do update set agent_id = excluded.agent_id, name = excluded.name,"
                        + " connector_type = excluded.connector_type, type_version = excluded.type_version,"
                        + " enabled = excluded.enabled, permitted_operations = excluded.permitted_operations,"
                        + " config = excluded.config, credentials_ciphertext = excluded.credentials_ciphertext,"
                        + " credentials_version = excluded.credentials_version, version = excluded.version,"
                        + " updated_at = excluded.updated_at"
                        + " where connector_configs.deleted_at is null and connector_configs.version < excluded.version")
                .execute(Tuple.from(Arrays.asList(change.id(), change.orgId(), change.agentId(), change.name(),
                        change.connectorType(), change.typeVersion(), change.enabled(),
                        Json.write(mapper, change.permittedOperations() == null ? List.of() : change.permittedOperations()),
                        Json.write(mapper, change.config()), change.credentialsCiphertext(), change.credentialsVersion(),
                        change.version(), SqlTimes.of(change.updatedAt()))))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Marks a configuration deleted and forgets its credentials; answers false when it was unknown or already gone. */
    Uni<Boolean> markDeleted(SqlConnection connection, String id, Instant at) {
        return connection.preparedQuery("update connector_configs set deleted_at = $2, credentials_ciphertext = null,"
                        + " enabled = false where id = $1 and deleted_at is null")
                .execute(Tuple.of(id, SqlTimes.of(at)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The org of a stored configuration, across orgs (a directory transaction); null when never stored. */
    Uni<String> orgOf(SqlConnection connection, String id) {
        return connection.preparedQuery("select org_id from connector_configs where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    /** Every stored configuration, across orgs (a directory transaction). */
    Uni<List<Stored>> all(SqlConnection connection) {
        return connection.query("select id, org_id, agent_id, name, connector_type, type_version, enabled,"
                        + " permitted_operations, config, credentials_ciphertext, version, deleted_at is not null"
                        + " from connector_configs").execute()
                .map(rows -> {
                    List<Stored> stored = new ArrayList<>();
                    rows.forEach(row -> stored.add(stored(row)));
                    return stored;
                });
    }

    private Stored stored(Row row) {
        JsonNode config = Json.read(mapper, row.getString(8));
        Connector connector = new Connector(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), majorVersion(row.getString(4), row.getString(5)), row.getBoolean(6),
                List.copyOf(Json.read(mapper, row.getString(7), Json.STRINGS)),
                config == null ? JsonNodeFactory.instance.objectNode() : config, row.getString(9));
        return new Stored(connector, row.getLong(10), row.getBoolean(11));
    }

    /** The connector an upsert describes, as the execution flow sees it. */
    Connector connector(ConfigChanged change) {
        return new Connector(change.id(), change.orgId(), change.agentId(), change.name(), change.connectorType(),
                majorVersion(change.connectorType(), change.typeVersion()), change.enabled(),
                change.permittedOperations() == null ? List.of() : List.copyOf(change.permittedOperations()),
                change.config() == null ? JsonNodeFactory.instance.objectNode() : change.config(),
                change.credentialsCiphertext());
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
