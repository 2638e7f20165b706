package io.connectors.execution.connector;

import io.connectors.execution.ExecutionServiceProfile;
import io.connectors.execution.testing.EchoType;
import io.connectors.execution.testing.TestConnector;
import io.connectors.execution.testing.TopicRecords;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ConfigChanged;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.platform.testing.RealServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static io.connectors.execution.testing.Api.ACME;
import static io.connectors.execution.testing.Api.GLOBEX;
import static io.connectors.execution.testing.Api.as;
import static io.connectors.execution.testing.Api.execute;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The read model of connector configurations, built from connectors.config.v1 as config-service publishes it. */
@QuarkusTest
@TestProfile(ExecutionServiceProfile.class)
class ConfigReadModelIT {

    @Inject
    SecretCipher cipher;

    @Test
    void keepsTheNewestVersionAndIgnoresAnOlderOneArrivingLate() {
        TestConnector connector = TestConnector.of(ACME, EchoType.ID).permitting(EchoType.READ)
                .credentials("{\"user\":\"u\",\"secret\":\"s\"}").publish(cipher);
        connector.permitting(EchoType.READ, EchoType.WRITE).publish(cipher);
        String ciphertext = connector.column("credentials_ciphertext");

        connector.permitting(EchoType.READ);
        connector.publishRaw(ACME, connector.event(ciphertext, 1));
        // A later config (another connector) proves the stale one was consumed.
        TestConnector.of(ACME, EchoType.ID).publish(cipher);

        assertEquals("2", connector.column("version"));
        execute("acme-admin", connector.id, EchoType.WRITE, Map.of()).then().statusCode(200).body("status", equalTo("success"));
    }

    @Test
    void aTombstoneDeletesTheConnectorForGood() {
        TestConnector connector = TestConnector.of(ACME, EchoType.ID).permitting(EchoType.READ)
                .credentials("{\"user\":\"u\",\"secret\":\"s\"}").publish(cipher);
        connector.delete();

        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(404);
        as("acme-admin").get("/v1/connectors/{id}/status", connector.id).then().statusCode(404);
        assertNull(connector.column("credentials_ciphertext"), "a deleted connector's credentials are forgotten");

        connector.publishRaw(ACME, connector.event("stale", 7));
        TestConnector.of(ACME, EchoType.ID).publish(cipher);
        assertNotNull(connector.column("deleted_at"));
        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(404);
    }

    @Test
    void parksInconsistentConfigEventsOnTheDeadLetterTopic() {
        TestConnector connector = TestConnector.of(ACME, EchoType.ID).permitting(EchoType.READ);
        connector.publishRaw(GLOBEX, connector.event(null, 1));
        connector.send("{\"specversion\":\"1.0\",\"type\":\"io.connectors.config.changed.v1\"");
        TopicRecords.awaitRaw(Topics.deadLetter(Topics.CONFIG), r -> connector.id.equals(r.key()), 2);
        assertNull(connector.column("version"));
    }

    @Test
    void rowLevelSecurityHidesEveryOtherOrgsConnectorsFromTheApplicationRole() throws Exception {
        TestConnector connector = TestConnector.of(ACME, EchoType.ID).permitting(EchoType.READ).publish(cipher);
        try (Connection app = RealServers.database().connectAsApp(); Statement sql = app.createStatement()) {
            sql.execute("select set_config('app.org_id', '" + GLOBEX + "', false)");
            try (ResultSet rows = sql.executeQuery("select count(*) from connector_configs where id = '" + connector.id + "'")) {
                rows.next();
                assertEquals(0, rows.getInt(1));
            }
            sql.execute("select set_config('app.org_id', '', false)");
            try (ResultSet rows = sql.executeQuery("select count(*) from connector_configs")) {
                rows.next();
                assertEquals(0, rows.getInt(1), "without an org no row is visible");
            }
        }
    }
}
