package io.connectors.config.openwork;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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

    /** Opens a piece of work unless it is already known (a closed one stays closed: events may arrive late). */
    Uni<Void> open(Mutiny.Session session, String orgId, String kind, String workId, UUID connectorId) {
        return session.createNativeQuery("insert into connector_open_work (org_id, kind, work_id, connector_id, open,"
                        + " updated_at) values (:org, :kind, :work, :connector, true, now()) on conflict do nothing")
                .setParameter("org", orgId)
                .setParameter("kind", kind)
                .setParameter("work", workId)
                .setParameter("connector", connectorId)
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<Void> close(Mutiny.Session session, String orgId, String kind, String workId, UUID connectorId) {
        return session.createNativeQuery("insert into connector_open_work (org_id, kind, work_id, connector_id, open,"
                        + " updated_at) values (:org, :kind, :work, :connector, false, now())"
                        + " on conflict (org_id, kind, work_id) do update set open = false, updated_at = now()")
                .setParameter("org", orgId)
                .setParameter("kind", kind)
                .setParameter("work", workId)
                .setParameter("connector", connectorId)
                .executeUpdate()
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

    /** One open approval or execution. */
    public record Item(String kind, String id) {
    }
}
