package io.connectors.execution.execution;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.UUID;

/** Executions, always inside an org-scoped transaction (RLS hides other orgs' rows). */
@ApplicationScoped
public class ExecutionRepository {

    Uni<Void> insert(Mutiny.Session session, Execution execution) {
        return session.persist(execution).call(session::flush);
    }

    public Uni<Execution> find(Mutiny.Session session, UUID id) {
        return session.find(Execution.class, id);
    }

    /** The row, locked until the transaction ends: status transitions are decided one at a time. */
    Uni<Execution> lock(Mutiny.Session session, UUID id) {
        return session.find(Execution.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    Uni<Execution> findByIdempotencyKey(Mutiny.Session session, String orgId, String key) {
        return session.createSelectionQuery("from Execution where orgId = :org and idempotencyKey = :key", Execution.class)
                .setParameter("org", orgId)
                .setParameter("key", key)
                .getSingleResultOrNull();
    }

    /** Executions of a connector still waiting for an approval or their turn, locked. */
    Uni<List<Execution>> parked(Mutiny.Session session, String connectorId) {
        return session.createSelectionQuery("from Execution where connectorId = :connector and status in (:parked)"
                        + " order by createdAt", Execution.class)
                .setParameter("connector", connectorId)
                .setParameter("parked", ExecutionStatus.PARKED.stream().map(ExecutionStatus::value).toList())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
    }

    Uni<Long> count(Mutiny.Session session, ExecutionFilter filter) {
        var query = session.createSelectionQuery("select count(*) from Execution" + filter.where(), Long.class);
        filter.bind(query);
        return query.getSingleResult();
    }

    Uni<List<Execution>> page(Mutiny.Session session, ExecutionFilter filter, int pageNumber, int pageSize) {
        var query = session.createSelectionQuery("from Execution" + filter.where() + " order by createdAt desc, id desc",
                Execution.class);
        filter.bind(query);
        return query.setFirstResult((pageNumber - 1) * pageSize).setMaxResults(pageSize).getResultList();
    }
}
