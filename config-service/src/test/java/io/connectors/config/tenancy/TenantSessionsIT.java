package io.connectors.config.tenancy;

import io.connectors.config.ConfigServiceProfile;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.tenancy.TenantSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request opens org-scoped transactions, so scoping one must reuse Hibernate's cached query plan. Run as a native
 * select, it missed the cache every time (native selects do, whatever their result type): the cache filled with
 * same-hash keys and each lookup walked all of them, a quarter of execution-service's CPU under load.
 */
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class TenantSessionsIT {

    private static final int TRANSACTIONS = 50;
    private static final int WINDOWS = 3;

    @Inject
    TenantSessions tenants;

    @Inject
    Mutiny.SessionFactory sessionFactory;

    @Test
    void scopingATransactionToAnOrgReusesTheCachedQueryPlan() {
        Statistics statistics = sessionFactory.getStatistics();
        assertTrue(statistics.isStatisticsEnabled(), "the test profile turns Hibernate statistics on");
        inOrg(); // the first one may build the plan
        // The count is global and the service's outbox relay polls with a native select about once a second, which may
        // land in a window: one clean window of 50 transactions proves it (the old statement missed 50 in every one).
        List<Long> misses = new ArrayList<>();
        for (int window = 0; window < WINDOWS && !misses.contains(0L); window++) {
            long missesBefore = statistics.getQueryPlanCacheMissCount();
            for (int i = 0; i < TRANSACTIONS; i++) {
                inOrg();
            }
            misses.add(statistics.getQueryPlanCacheMissCount() - missesBefore);
        }
        assertTrue(misses.contains(0L), "query plan cache misses per window of " + TRANSACTIONS + " transactions: " + misses);
    }

    private void inOrg() {
        tenants.inOrg(KeycloakServer.ACME_ORG, session -> Uni.createFrom().voidItem()).await().atMost(Duration.ofSeconds(10));
    }
}
