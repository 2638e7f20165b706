package io.connectors.policy.policy;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OrgCacheTest {

    /** A loader whose loads complete when the test says so. */
    private static final class Loads {
        final List<String> orgs = new ArrayList<>();
        final List<CompletableFuture<String>> pending = new ArrayList<>();

        Uni<String> load(String org) {
            orgs.add(org);
            CompletableFuture<String> load = new CompletableFuture<>();
            pending.add(load);
            return Uni.createFrom().completionStage(load);
        }
    }

    private static UniAssertSubscriber<String> get(OrgCache<String> cache, String org) {
        return cache.get(org).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void concurrentFirstCallsForAnOrgShareOneLoad() {
        Loads loads = new Loads();
        OrgCache<String> cache = new OrgCache<>(loads::load);

        UniAssertSubscriber<String> first = get(cache, "acme");
        UniAssertSubscriber<String> second = get(cache, "acme");
        assertEquals(List.of("acme"), loads.orgs);

        loads.pending.get(0).complete("rules v1");
        first.assertItem("rules v1");
        second.assertItem("rules v1");
        get(cache, "acme").assertItem("rules v1");
        assertEquals(1, loads.orgs.size(), "a loaded org is served from memory");
    }

    @Test
    void loadsEachOrgOnItsOwn() {
        Loads loads = new Loads();
        OrgCache<String> cache = new OrgCache<>(loads::load);

        get(cache, "acme");
        get(cache, "globex");

        assertEquals(List.of("acme", "globex"), loads.orgs);
    }

    @Test
    void keepsNoFailedLoad() {
        Loads loads = new Loads();
        OrgCache<String> cache = new OrgCache<>(loads::load);

        UniAssertSubscriber<String> failed = get(cache, "acme");
        loads.pending.get(0).completeExceptionally(new IllegalStateException("database down"));
        failed.assertFailedWith(IllegalStateException.class, "database down");

        UniAssertSubscriber<String> retried = get(cache, "acme");
        loads.pending.get(1).complete("rules v1");
        retried.assertItem("rules v1");
        assertEquals(1, cache.size());
    }

    @Test
    void aLoadInFlightWhenTheOrgIsInvalidatedIsNotKept() {
        Loads loads = new Loads();
        OrgCache<String> cache = new OrgCache<>(loads::load);

        UniAssertSubscriber<String> before = get(cache, "acme");
        cache.invalidate("acme");
        UniAssertSubscriber<String> after = get(cache, "acme");
        loads.pending.get(0).complete("rules read before the change");
        loads.pending.get(1).complete("rules v2");

        before.assertItem("rules read before the change");
        after.assertItem("rules v2");
        get(cache, "acme").assertItem("rules v2");
        assertEquals(2, loads.orgs.size());
    }

    @Test
    void invalidatingDropsOneOrgOrAll() {
        Loads loads = new Loads();
        OrgCache<String> cache = new OrgCache<>(loads::load);
        get(cache, "acme");
        get(cache, "globex");
        loads.pending.forEach(load -> load.complete("v1"));

        cache.invalidate("acme");
        get(cache, "globex").assertItem("v1");
        assertEquals(List.of("acme", "globex"), loads.orgs, "globex stays loaded");
        get(cache, "acme");
        assertEquals(List.of("acme", "globex", "acme"), loads.orgs);

        cache.invalidateAll();
        assertEquals(0, cache.size());
    }

    @Test
    void aCallerThatGivesUpDoesNotCancelTheSharedLoad() {
        Loads loads = new Loads();
        OrgCache<String> cache = new OrgCache<>(loads::load);

        UniAssertSubscriber<String> impatient = get(cache, "acme");
        UniAssertSubscriber<String> patient = get(cache, "acme");
        impatient.cancel();
        loads.pending.get(0).complete("rules v1");

        patient.assertItem("rules v1");
        get(cache, "acme").assertItem("rules v1");
    }
}
