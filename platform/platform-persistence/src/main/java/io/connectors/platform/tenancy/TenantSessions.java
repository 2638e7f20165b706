package io.connectors.platform.tenancy;

import io.connectors.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.concurrent.atomic.AtomicReference;
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
    private final Outbox outbox;

    public TenantSessions(Mutiny.SessionFactory sessionFactory, Outbox outbox) {
        this.sessionFactory = sessionFactory;
        this.outbox = outbox;
    }

    public <T> Uni<T> inOrg(String orgId, Function<Mutiny.Session, Uni<T>> work) {
        if (orgId == null || orgId.isBlank()) {
            return Uni.createFrom().failure(new IllegalArgumentException("An org-scoped transaction needs an org"));
        }
        // Run as an update, whose plan is cached: with Hibernate ORM 7.2 / Reactive 3.2 a native select misses the
        // query plan cache on every call, whatever its result type, so every transaction added a plan until the cache
        // was full of same-hash keys and each lookup walked all of them (a quarter of execution-service's CPU).
        return inTransaction(session -> session
                .createNativeQuery("select set_config('app.org_id', :org, true)")
                .setParameter("org", orgId)
                .executeUpdate()
                .chain(() -> work.apply(session)));
    }

    /** A transaction that is deliberately not scoped to one org (outbox relay, consumers before they know the org). */
    public <T> Uni<T> unscoped(Function<Mutiny.Session, Uni<T>> work) {
        return inTransaction(work);
    }

    /** Every session transaction, so that the outbox hears when one that appended rows has committed. */
    private <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        AtomicReference<Mutiny.Session> used = new AtomicReference<>();
        return sessionFactory.withTransaction((session, tx) -> {
                    used.set(session);
                    return work.apply(session);
                })
                // Cancelled: the commit may be under way, so a pass that finds nothing beats waiting for the poll.
                .onTermination().invoke((result, failure, cancelled) -> {
                    Mutiny.Session session = used.get();
                    if (session != null) {
                        outbox.transactionEnded(session, failure == null);
                    }
                });
    }
}
