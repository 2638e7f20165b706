package io.connectors.policy.policy;

import io.connectors.policy.engine.Thresholds;
import io.connectors.policy.web.Paging;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.UUID;

/**
 * Queries on policies and org settings. Every call runs inside an org-scoped transaction (RLS); the explicit org
 * filters are a second line, not the only one.
 */
@ApplicationScoped
public class PolicyRepository {

    Uni<OrgSettingsEntity> settings(Mutiny.Session session, String orgId) {
        return session.find(OrgSettingsEntity.class, orgId);
    }

    Uni<List<PolicyEntity>> enabled(Mutiny.Session session, String orgId) {
        return session.createSelectionQuery("from PolicyEntity where orgId = :org and not deleted and enabled",
                        PolicyEntity.class)
                .setParameter("org", orgId)
                .getResultList();
    }

    Uni<Long> countActive(Mutiny.Session session, String orgId) {
        return session.createSelectionQuery("select count(*) from PolicyEntity where orgId = :org and not deleted",
                        Long.class)
                .setParameter("org", orgId)
                .getSingleResult();
    }

    Uni<Long> countEnabled(Mutiny.Session session, String orgId) {
        return session.createSelectionQuery("select count(*) from PolicyEntity where orgId = :org and not deleted and enabled",
                        Long.class)
                .setParameter("org", orgId)
                .getSingleResult();
    }

    Uni<List<PolicyEntity>> page(Mutiny.Session session, String orgId, Paging paging) {
        return session.createSelectionQuery("from PolicyEntity where orgId = :org and not deleted"
                        + " order by priority desc, name, id", PolicyEntity.class)
                .setParameter("org", orgId)
                .setFirstResult(paging.offset())
                .setMaxResults(paging.pageSize())
                .getResultList();
    }

    /** The policy, or null when it is absent, deleted or another org's. */
    Uni<PolicyEntity> find(Mutiny.Session session, String orgId, UUID id) {
        return session.find(PolicyEntity.class, id)
                .map(policy -> policy == null || policy.deleted || !policy.orgId.equals(orgId) ? null : policy);
    }

    /** Whether another live policy of the org already has {@code name}. */
    Uni<Boolean> nameTaken(Mutiny.Session session, String orgId, String name, UUID except) {
        return session.createSelectionQuery("select count(*) from PolicyEntity where orgId = :org and not deleted"
                        + " and name = :name and id <> :except", Long.class)
                .setParameter("org", orgId)
                .setParameter("name", name)
                .setParameter("except", except == null ? new UUID(0, 0) : except)
                .getSingleResult()
                .map(count -> count > 0);
    }

    Uni<List<PolicyVersionEntity>> versions(Mutiny.Session session, String orgId, UUID policyId) {
        return session.createSelectionQuery("from PolicyVersionEntity where orgId = :org and policyId = :id"
                        + " order by version", PolicyVersionEntity.class)
                .setParameter("org", orgId)
                .setParameter("id", policyId)
                .getResultList();
    }

    /**
     * Bumps the org's policy-set version (creating its settings with the default thresholds), atomically, so two
     * concurrent changes never share a version, and notifies every replica's cache.
     */
    Uni<Void> bumpPolicySetVersion(Mutiny.Session session, String orgId, String by) {
        return upsertSettings(session, orgId, by, "policy_set_version = org_settings.policy_set_version + 1",
                Thresholds.DEFAULT);
    }

    /** Sets the org's thresholds (and bumps the policy-set version: cached rule sets carry the thresholds). */
    Uni<Void> setThresholds(Mutiny.Session session, String orgId, String by, Thresholds thresholds) {
        return upsertSettings(session, orgId, by, "policy_set_version = org_settings.policy_set_version + 1,"
                + " escalate_threshold = excluded.escalate_threshold, deny_threshold = excluded.deny_threshold", thresholds);
    }

    private static Uni<Void> upsertSettings(Mutiny.Session session, String orgId, String by, String onConflict,
                                            Thresholds thresholds) {
        return session.createNativeQuery("insert into org_settings (org_id, escalate_threshold, deny_threshold,"
                        + " policy_set_version, updated_at, updated_by) values (:org, :escalate, :deny, 1, now(), :by)"
                        + " on conflict (org_id) do update set " + onConflict + ", updated_at = now(), updated_by = :by")
                .setParameter("org", orgId)
                .setParameter("escalate", thresholds.escalate())
                .setParameter("deny", thresholds.deny())
                .setParameter("by", by)
                .executeUpdate()
                .chain(() -> notifyChanged(session, orgId));
    }

    /**
     * Tells every replica's {@link PolicySetChanges} that the org's rules changed. PostgreSQL delivers it when this
     * transaction commits, and never if it rolls back. Run as an update: a native select misses the query plan cache.
     */
    private static Uni<Void> notifyChanged(Mutiny.Session session, String orgId) {
        return session.createNativeQuery("select pg_notify(:channel, :org)")
                .setParameter("channel", PolicySetChanges.CHANNEL)
                .setParameter("org", orgId)
                .executeUpdate()
                .replaceWithVoid();
    }
}
