package io.connectors.config.openwork;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.UUID;

/**
 * What still refers to a connector: approvals waiting for a human and executions in flight, as reported on
 * {@code connectors.approvals.v1} and {@code connectors.execution-results.v1}. Only their ids are kept. Runs inside an
 * org-scoped session.
 */
@ApplicationScoped
public class OpenWork {

    public static final String APPROVAL = "approval";
    public static final String EXECUTION = "execution";

    /**
     * Applies one batch of changes of an org, at most one per work item (see {@link Change#then}), in one statement:
     * an opening inserts the item unless it is already known (a closed one stays closed: events may arrive late), a
     * closing inserts it closed or closes it. Runs in an org-scoped transaction of {@code TenantSql}.
     */
    Uni<Void> apply(SqlConnection connection, String orgId, List<Change> changes) {
        int size = changes.size();
        String[] kinds = new String[size];
        String[] workIds = new String[size];
        UUID[] connectorIds = new UUID[size];
        Boolean[] opens = new Boolean[size];
        for (int i = 0; i < size; i++) {
            Change change = changes.get(i);
            kinds[i] = change.kind();
            workIds[i] = change.workId();
            connectorIds[i] = change.connectorId();
            opens[i] = change.opens();
        }
        return connection.preparedQuery("insert into connector_open_work (org_id, kind, work_id, connector_id, open,"
                        + " updated_at) select $1, kind, work_id, connector_id, open, now()"
                        + " from unnest($2::text[], $3::text[], $4::uuid[], $5::bool[]) as t(kind, work_id, connector_id, open)"
                        + " on conflict (org_id, kind, work_id) do update set open = false, updated_at = now()"
                        + " where connector_open_work.open and not excluded.open")
                .execute(Tuple.of(orgId, kinds, workIds, connectorIds, opens))
                .replaceWithVoid();
    }

    /** The connector's open work, oldest first. */
    public Uni<List<Item>> openFor(Mutiny.Session session, String orgId, UUID connectorId) {
        return session.createNativeQuery("select kind, work_id from connector_open_work where org_id = :org"
                        + " and connector_id = :connector and open order by updated_at, work_id", Object[].class)
                .setParameter("org", orgId)
                .setParameter("connector", connectorId)
                .getResultList()
                .map(rows -> rows.stream().map(row -> new Item((String) row[0], (String) row[1])).toList());
    }

    /** Forgets everything about a deleted connector. */
    public Uni<Void> forget(Mutiny.Session session, String orgId, UUID connectorId) {
        return session.createNativeQuery("delete from connector_open_work where org_id = :org and connector_id = :connector")
                .setParameter("org", orgId)
                .setParameter("connector", connectorId)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** What one event says about one piece of work. */
    public record Change(String orgId, String kind, String workId, UUID connectorId, boolean opens) {

        /** This change followed by a later one of the same item: closed wins, because a closed item stays closed. */
        Change then(Change later) {
            return opens ? later : this;
        }
    }

    /** One open approval or execution. */
    public record Item(String kind, String id) {
    }
}
