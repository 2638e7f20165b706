package io.connectors.platform.tenancy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/**
 * Org-scoped transactions on the reactive SQL client, for hot paths that write plain SQL instead of entities (the
 * same Row-Level Security rules as {@link TenantSessions}: {@code app.org_id} is set transaction-locally first).
 * Unlike Hibernate Reactive, the SQL client may be resumed on any thread, so callers need no Vert.x context.
 */
@ApplicationScoped
public class TenantSql {

    private final Pool pool;

    public TenantSql(Pool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> inOrg(String orgId, Function<SqlConnection, Uni<T>> work) {
        if (orgId == null || orgId.isBlank()) {
            return Uni.createFrom().failure(new IllegalArgumentException("An org-scoped transaction needs an org"));
        }
        return pool.withTransaction(connection -> connection.preparedQuery("select set_config('app.org_id', $1, true)")
                .execute(Tuple.of(orgId))
                .chain(() -> work.apply(connection)));
    }

    /**
     * A read-only transaction with {@code app.directory} set, which a table's directory policy may honour for SELECT
     * only: for jobs that start without an org (a tombstone names only an id, a reaper walks every org).
     */
    public <T> Uni<T> directory(Function<SqlConnection, Uni<T>> query) {
        return pool.withTransaction(connection -> connection.query("set transaction read only").execute()
                .chain(() -> connection.query("select set_config('app.directory', 'on', true)").execute())
                .chain(() -> query.apply(connection)));
    }
}
