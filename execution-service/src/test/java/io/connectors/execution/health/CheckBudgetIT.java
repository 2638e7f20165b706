package io.connectors.execution.health;

import io.connectors.execution.ExecutionServiceProfile;
import io.connectors.execution.testing.EchoType;
import io.connectors.execution.testing.TestConnector;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.RealServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Background checks stay within their budget however many connectors are idle: with checks every 2 s and at most
 * 2 per second, many idle connectors get about 2 checks per second in all, not one each per interval.
 */
@QuarkusTest
@TestProfile(CheckBudgetIT.Budget.class)
class CheckBudgetIT {

    private static final double CHECKS_PER_SECOND = 2;

    public static class Budget extends ExecutionServiceProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = super.getConfigOverrides();
            config.put("connectors.execution.health.check-interval", "2s");
            config.put("connectors.execution.health.checks-per-second", Double.toString(CHECKS_PER_SECOND));
            return config;
        }
    }

    @Inject
    SecretCipher cipher;

    @Test
    void checksIdleConnectorsNoFasterThanTheBudget() throws Exception {
        for (int i = 0; i < 30; i++) {
            TestConnector.of(KeycloakServer.ACME_ORG, EchoType.ID).permitting(EchoType.READ)
                    .credentials("{\"user\":\"u\",\"secret\":\"s\"}").publish(cipher);
        }
        Instant from = Instant.now();
        Thread.sleep(Duration.ofSeconds(8).toMillis());
        Instant to = Instant.now();
        int checked = checkedBetween(KeycloakServer.ACME_ORG, from, to) + checkedBetween(KeycloakServer.GLOBEX_ORG, from, to);
        double seconds = Duration.between(from, to).toMillis() / 1000.0;
        assertTrue(checked >= 1, "idle connectors are checked");
        assertTrue(checked <= CHECKS_PER_SECOND * seconds + 2, checked + " checks in " + seconds + " s, 30+ idle connectors");
    }

    /** Connectors whose last check started in the window (one claim per check), in one org. */
    private static int checkedBetween(String orgId, Instant from, Instant to) throws SQLException {
        try (Connection owner = RealServers.database().connectAsOwner();
             PreparedStatement setOrg = owner.prepareStatement("select set_config('app.org_id', ?, false)");
             PreparedStatement count = owner.prepareStatement(
                     "select count(*) from connector_health where last_checked_at between ? and ?")) {
            setOrg.setString(1, orgId);
            setOrg.execute();
            count.setTimestamp(1, Timestamp.from(from));
            count.setTimestamp(2, Timestamp.from(to));
            try (ResultSet found = count.executeQuery()) {
                found.next();
                return found.getInt(1);
            }
        }
    }
}
