package io.connectors.config.connector;

import io.connectors.config.web.Paging;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.UUID;

/**
 * Connector rows, always inside an org-scoped session ({@code TenantSessions.inOrg}). Row-Level Security already
 * hides other orgs' rows; the explicit org conditions are a second line, not the only one.
 */
@ApplicationScoped
class ConnectorRepository {

    private static final String ORDER = " order by c.createdAt, c.id";

    Uni<ConnectorEntity> find(Mutiny.Session session, String orgId, UUID id) {
        return session.find(ConnectorEntity.class, id).map(found -> inOrg(found, orgId));
    }

    /** The row locked until the transaction ends, so concurrent writes to one connector apply one after the other. */
    Uni<ConnectorEntity> findForUpdate(Mutiny.Session session, String orgId, UUID id) {
        return session.find(ConnectorEntity.class, id, LockMode.PESSIMISTIC_WRITE).map(found -> inOrg(found, orgId));
    }

    Uni<List<ConnectorEntity>> page(Mutiny.Session session, String orgId, UUID agentId, Paging paging) {
        Mutiny.SelectionQuery<ConnectorEntity> query = session.createSelectionQuery(
                "from ConnectorEntity c where " + filter(agentId) + ORDER, ConnectorEntity.class);
        return bind(query, orgId, agentId).setFirstResult(paging.offset()).setMaxResults(paging.pageSize()).getResultList();
    }

    Uni<Long> count(Mutiny.Session session, String orgId, UUID agentId) {
        return bind(session.createSelectionQuery("select count(c) from ConnectorEntity c where " + filter(agentId),
                Long.class), orgId, agentId).getSingleResult();
    }

    /** The org's connectors that hold credentials, locked until the transaction ends, oldest first. */
    Uni<List<ConnectorEntity>> withCredentialsForUpdate(Mutiny.Session session, String orgId) {
        return session.createSelectionQuery("from ConnectorEntity c where c.orgId = :org"
                        + " and c.credentialsCiphertext is not null" + ORDER, ConnectorEntity.class)
                .setParameter("org", orgId)
                .setLockMode(LockMode.PESSIMISTIC_WRITE)
                .getResultList();
    }

    /** Whether another connector of the org already has this name (names are unique regardless of case). */
    Uni<Boolean> nameTaken(Mutiny.Session session, String orgId, String name, UUID exceptId) {
        return session.createSelectionQuery("select count(c) from ConnectorEntity c where c.orgId = :org"
                        + " and lower(c.name) = lower(:name) and c.id <> :id", Long.class)
                .setParameter("org", orgId)
                .setParameter("name", name)
                .setParameter("id", exceptId)
                .getSingleResult()
                .map(count -> count > 0);
    }

    private static String filter(UUID agentId) {
        return agentId == null ? "c.orgId = :org" : "c.orgId = :org and c.agentId = :agent";
    }

    private static <T> Mutiny.SelectionQuery<T> bind(Mutiny.SelectionQuery<T> query, String orgId, UUID agentId) {
        query.setParameter("org", orgId);
        if (agentId != null) {
            query.setParameter("agent", agentId);
        }
        return query;
    }

    private static ConnectorEntity inOrg(ConnectorEntity found, String orgId) {
        return found != null && orgId.equals(found.orgId) ? found : null;
    }
}
