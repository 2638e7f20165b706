package io.connectors.policy.policy;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One value per org, loaded on first use and kept until invalidated. Concurrent first calls for an org share one
 * load; a failed load is not kept. Invalidating drops an entry even while it is still loading, so a load that may have
 * read the state from before a change never outlives that change's invalidation.
 */
final class OrgCache<V> {

    private final Function<String, Uni<V>> loader;
    /** Only loads in flight and successful loads: a failed one is removed before its callers hear of it. */
    private final ConcurrentHashMap<String, CompletableFuture<V>> byOrg = new ConcurrentHashMap<>();

    OrgCache(Function<String, Uni<V>> loader) {
        this.loader = loader;
    }

    Uni<V> get(String orgId) {
        CompletableFuture<V> entry = byOrg.get(orgId);
        if (entry != null && entry.isDone()) {
            return Uni.createFrom().item(entry.join());
        }
        if (entry == null) {
            CompletableFuture<V> loading = new CompletableFuture<>();
            entry = byOrg.putIfAbsent(orgId, loading);
            if (entry == null) {
                entry = loading;
                load(orgId, loading);
            }
        }
        return whenLoaded(entry);
    }

    void invalidate(String orgId) {
        byOrg.remove(orgId);
    }

    void invalidateAll() {
        byOrg.clear();
    }

    int size() {
        return byOrg.size();
    }

    private void load(String orgId, CompletableFuture<V> loading) {
        Uni.createFrom().deferred(() -> loader.apply(orgId)).subscribe().with(loading::complete, failure -> {
            byOrg.remove(orgId, loading);
            loading.completeExceptionally(failure);
        });
    }

    /**
     * Resumes on the caller's Vert.x context: a shared load completes on the event loop of whoever started it, and
     * the caller may go on with Hibernate Reactive, which must continue on its own context. Each caller waits on a
     * copy, so one that gives up cannot cancel the load the others wait for.
     */
    private static <V> Uni<V> whenLoaded(CompletableFuture<V> loading) {
        Uni<V> loaded = Uni.createFrom().completionStage(loading.copy());
        Context context = Vertx.currentContext();
        return context == null ? loaded : loaded.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
