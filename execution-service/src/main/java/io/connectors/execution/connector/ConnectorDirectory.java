package io.connectors.execution.connector;

import io.connectors.platform.tenancy.TenantSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.function.Function;

/**
 * Finds connectors across orgs, for the two jobs that start without one: a tombstone names only the config id, and the
 * periodic health check walks every org. Read-only transactions with {@code app.directory} set, which the
 * {@code connector_configs_directory} policy honours for SELECT only; everything after runs in the connector's org.
 */
@ApplicationScoped
public class ConnectorDirectory {

    private final TenantSessions tenants;

    public ConnectorDirectory(TenantSessions tenants) {
        this.tenants = tenants;
    }

    /** The org of a configuration this service has seen, or null. */
    public Uni<String> orgOf(String configId) {
        return readOnly(session -> session.createNativeQuery("select org_id from connector_configs where id = :id", String.class)
                .setParameter("id", configId)
                .getSingleResultOrNull());
    }

    /** Every live, enabled connector with credentials: the ones worth a periodic connectivity check. */
    public Uni<List<ConnectorRef>> checkable() {
        return readOnly(session -> session.createNativeQuery("select id, org_id from connector_configs"
                        + " where deleted_at is null and enabled and credentials_ciphertext is not null order by org_id, id",
                        Object[].class)
                .getResultList()
                .map(rows -> rows.stream().map(row -> new ConnectorRef((String) row[0], (String) row[1])).toList()));
    }

    private <T> Uni<T> readOnly(Function<Mutiny.Session, Uni<T>> query) {
        return tenants.unscoped(session -> session.createNativeQuery("set transaction read only").executeUpdate()
                .chain(() -> session.createNativeQuery("select set_config('app.directory', 'on', true)").executeUpdate())
                .chain(() -> query.apply(session)));
    }
}
