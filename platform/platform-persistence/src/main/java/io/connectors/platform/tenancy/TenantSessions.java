package io.connectors.platform.tenancy;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.function.Function;

/**
 * Org-scoped transactions. Every transaction first sets {@code app.org_id} (transaction-local), which the tables'
 * Row-Level Security policies compare with each row's {@code org_id}; the application's database role is neither
 * owner nor BYPASSRLS, so a query that forgets its org filter still sees only the caller's org.
 *
 * <p>Policies follow this shape: {@code USING (org_id = current_setting('app.org_id', true))}. Without an org set,
 * {@code current_setting} is NULL or empty and no row matches.
 */
@ApplicationScoped
public class TenantSessions {

    private final Mutiny.SessionFactory sessionFactory;

    public TenantSessions(Mutiny.SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public <T> Uni<T> inOrg(String orgId, Function<Mutiny.Session, Uni<T>> work) {
        if (orgId == null || orgId.isBlank()) {
            return Uni.createFrom().failure(new IllegalArgumentException("An org-scoped transaction needs an org"));
        }
        // Run as an update, whose plan is cached: with Hibernate ORM 7.2 / Reactive 3.2 a native select misses the
        // query plan cache on every call, whatever its result type, so every transaction added a plan until the cache
        // was full of same-hash keys and each lookup walked all of them (a quarter of execution-service's CPU).
        return sessionFactory.withTransaction((session, tx) -> session
                .createNativeQuery("select set_config('app.org_id', :org, true)")
                .setParameter("org", orgId)
                .executeUpdate()
                .chain(() -> work.apply(session)));
    }

    /** A transaction that is deliberately not scoped to one org (outbox relay, consumers before they know the org). */
    public <T> Uni<T> unscoped(Function<Mutiny.Session, Uni<T>> work) {
        return sessionFactory.withTransaction((session, tx) -> work.apply(session));
    }
}
