package io.connectors.policy.approval;

import io.connectors.policy.web.Paging;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Queries on approvals, always inside an org-scoped transaction (RLS) and filtered by org as a second line. */
@ApplicationScoped
public class ApprovalRepository {

    /** The approval locked for a transition, or null when it is absent or another org's. */
    Uni<ApprovalEntity> lock(Mutiny.Session session, String orgId, UUID id) {
        return session.find(ApprovalEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                .map(approval -> approval == null || !approval.orgId.equals(orgId) ? null : approval);
    }

    Uni<ApprovalEntity> find(Mutiny.Session session, String orgId, UUID id) {
        return session.find(ApprovalEntity.class, id)
                .map(approval -> approval == null || !approval.orgId.equals(orgId) ? null : approval);
    }

    /** The execution's approvals that can still matter: pending, or granted and not used yet. Newest first, locked. */
    Uni<List<ApprovalEntity>> openForExecution(Mutiny.Session session, String orgId, UUID executionId) {
        return session.createSelectionQuery("from ApprovalEntity where orgId = :org and executionId = :execution"
                        + " and (status = 'pending' or (status = 'granted' and consumedAt is null))"
                        + " order by createdAt desc", ApprovalEntity.class)
                .setParameter("org", orgId)
                .setParameter("execution", executionId)
                .setLockMode(LockMode.PESSIMISTIC_WRITE)
                .getResultList();
    }

    Uni<List<ApprovalEntity>> page(Mutiny.Session session, String orgId, String status, Instant now, Paging paging) {
        return filtered(session, "from ApprovalEntity where orgId = :org", " order by createdAt desc, id", orgId,
                status, now, ApprovalEntity.class)
                .setFirstResult(paging.offset())
                .setMaxResults(paging.pageSize())
                .getResultList();
    }

    Uni<Long> count(Mutiny.Session session, String orgId, String status, Instant now) {
        return filtered(session, "select count(*) from ApprovalEntity where orgId = :org", "", orgId, status, now,
                Long.class).getSingleResult();
    }

    /** A query with the status filter as readers see statuses: a pending approval past its deadline is expired. */
    private static <R> Mutiny.SelectionQuery<R> filtered(Mutiny.Session session, String select, String order,
                                                          String orgId, String status, Instant now, Class<R> type) {
        if (status == null) {
            return session.createSelectionQuery(select + order, type).setParameter("org", orgId);
        }
        return switch (status) {
            case ApprovalEntity.PENDING -> session.createSelectionQuery(select
                            + " and status = 'pending' and expiresAt > :now" + order, type)
                    .setParameter("org", orgId).setParameter("now", now);
            case ApprovalEntity.EXPIRED -> session.createSelectionQuery(select
                            + " and (status = 'expired' or (status = 'pending' and expiresAt <= :now))" + order, type)
                    .setParameter("org", orgId).setParameter("now", now);
            default -> session.createSelectionQuery(select + " and status = :status" + order, type)
                    .setParameter("org", orgId).setParameter("status", status);
        };
    }

    /** Overdue pending approvals of the org, locked; rows another transaction holds are skipped, not waited for. */
    Uni<List<ApprovalEntity>> lockOverdue(Mutiny.Session session, String orgId, int limit) {
        return session.createNativeQuery("select * from approvals where org_id = :org and status = 'pending'"
                        + " and expires_at <= now() order by expires_at limit :limit for update skip locked",
                        ApprovalEntity.class)
                .setParameter("org", orgId)
                .setParameter("limit", limit)
                .getResultList();
    }

    Uni<List<ApprovalEntity>> lockPendingForConnector(Mutiny.Session session, String orgId, UUID connectorId) {
        return session.createSelectionQuery("from ApprovalEntity where orgId = :org and connectorId = :connector"
                        + " and status = 'pending' order by createdAt", ApprovalEntity.class)
                .setParameter("org", orgId)
                .setParameter("connector", connectorId)
                .setLockMode(LockMode.PESSIMISTIC_WRITE)
                .getResultList();
    }

    /** Remembers that the org has approvals, for the jobs that visit every org. */
    Uni<Void> registerOrg(Mutiny.Session session, String orgId) {
        return session.createNativeQuery("insert into approval_orgs (org_id) values (:org) on conflict do nothing")
                .setParameter("org", orgId)
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<List<String>> orgs(Mutiny.Session session) {
        return session.createNativeQuery("select org_id from approval_orgs order by org_id", String.class).getResultList();
    }
}
