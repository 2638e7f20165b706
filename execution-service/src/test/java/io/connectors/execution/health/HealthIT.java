package io.connectors.execution.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.execution.ExecutionServiceProfile;
import io.connectors.execution.testing.EchoSystem;
import io.connectors.execution.testing.EchoType;
import io.connectors.execution.testing.TestConnector;
import io.connectors.execution.testing.TopicRecords;
import io.connectors.platform.events.Topics;
import io.connectors.platform.secrets.SecretCipher;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.connectors.execution.testing.Api.ACME;
import static io.connectors.execution.testing.Api.as;
import static io.connectors.execution.testing.Api.execute;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(ExecutionServiceProfile.class)
class HealthIT {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    SecretCipher cipher;

    @Inject
    HealthChecks checks;

    @Inject
    PassiveHealth passive;

    private TestConnector echo() {
        return TestConnector.of(ACME, EchoType.ID).permitting(EchoType.READ, EchoType.WRITE)
                .credentials("{\"user\":\"u\",\"secret\":\"s\"}").publish(cipher);
    }

    /** The status after the samples gathered from executions are written (every flush-interval in production). */
    private io.restassured.response.ValidatableResponse status(String connectorId) {
        passive.flush().await().atMost(Duration.ofSeconds(30));
        return as("acme-viewer").get("/v1/connectors/{id}/status", connectorId).then().statusCode(200);
    }

    @Test
    void isPendingUntilTheConnectorWasEverUsedOrChecked() {
        TestConnector connector = echo();
        status(connector.id)
                .body("id", equalTo(connector.id))
                .body("status", equalTo("Pending"))
                .body("error_count", equalTo(0))
                .body("consecutive_failures", equalTo(0))
                .body("last_success_at", nullValue())
                .body("samples.size()", equalTo(0));
    }

    @Test
    void judgesAvailabilityOverTimeNotFromOneSample() {
        TestConnector connector = echo();
        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().body("status", equalTo("success"));
        status(connector.id).body("status", equalTo("Available")).body("last_success_at", notNullValue());

        execute("acme-admin", connector.id, EchoType.WRITE, Map.of("fail", "external")).then().body("status", equalTo("error"));
        status(connector.id).body("status", equalTo("Available"))
                .body("consecutive_failures", equalTo(1))
                .body("last_failure_at", notNullValue());

        execute("acme-admin", connector.id, EchoType.WRITE, Map.of("fail", "external"));
        execute("acme-admin", connector.id, EchoType.WRITE, Map.of("fail", "configuration"));
        status(connector.id).body("status", equalTo("Unavailable"))
                .body("consecutive_failures", equalTo(3))
                .body("error_count", equalTo(3))
                .body("samples.size()", equalTo(4))
                .body("samples[3].ok", equalTo(false))
                .body("samples[3].source", equalTo("execution"));

        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().body("status", equalTo("success"));
        status(connector.id).body("status", equalTo("Available")).body("consecutive_failures", equalTo(0))
                .body("error_count", equalTo(3));
    }

    @Test
    void doesNotCountTheCallersMistakesAgainstTheConnector() {
        TestConnector connector = echo();
        for (int i = 0; i < 3; i++) {
            execute("acme-admin", connector.id, EchoType.READ, Map.of("fail", "caller"));
        }
        status(connector.id).body("status", equalTo("Pending")).body("error_count", equalTo(0));
    }

    @Test
    void testsConnectivityWithTheStoredCredentialsAndRecordsTheSample() {
        TestConnector connector = echo();
        as("acme-deployer").post("/v1/connectors/{id}/test", connector.id).then().statusCode(200)
                .body("id", equalTo(connector.id))
                .body("status", equalTo("success"))
                .body("result.reachable", equalTo(true))
                .body("checked_at", notNullValue())
                .body("connector_status", equalTo("Available"));

        EchoSystem.down(connector.id, true);
        as("acme-admin").post("/v1/connectors/{id}/test", connector.id).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("external"))
                .body("error.retryable", equalTo(true))
                .body("connector_status", equalTo("Available"));
        status(connector.id).body("samples.source", org.hamcrest.Matchers.contains("test", "test"));

        JsonNode audit = TopicRecords.await(Topics.AUDIT, r -> r.value() != null && r.value().contains(connector.id)
                && r.value().contains("connector.tested"), 2).stream()
                .filter(r -> "failure".equals(r.path("data").path("outcome").asText())).findFirst().orElseThrow();
        assertEquals("failure", audit.path("data").path("outcome").asText());
        assertEquals("external", audit.path("data").path("details").path("fault").asText());
    }

    @Test
    void letsOnlyAdminsAndDeployersTestAndOnlyTheOrgSeeStatus() {
        TestConnector connector = echo();
        as("acme-viewer").post("/v1/connectors/{id}/test", connector.id).then().statusCode(403).contentType(PROBLEM);
        as("globex-admin").post("/v1/connectors/{id}/test", connector.id).then().statusCode(404).contentType(PROBLEM);
        as("globex-viewer").get("/v1/connectors/{id}/status", connector.id).then().statusCode(404).contentType(PROBLEM);
        as("acme-viewer").get("/v1/connectors/{id}/status", UUID.randomUUID()).then().statusCode(404);
        as("acme-viewer").get("/v1/connectors/{id}/status", "'; select 1; --").then().statusCode(404);
        RestAssured.post("/v1/connectors/{id}/test", connector.id).then().statusCode(401);
        RestAssured.get("/v1/connectors/{id}/status", connector.id).then().statusCode(401);
        assertEquals(0, EchoSystem.callsTo(connector.id));

        TestConnector withoutCredentials = TestConnector.of(ACME, EchoType.ID).permitting(EchoType.READ).publish(cipher);
        as("acme-admin").post("/v1/connectors/{id}/test", withoutCredentials.id).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("credentials"));
    }

    @Test
    void checksEveryEnabledConnectorPeriodically() {
        TestConnector up = echo();
        TestConnector down = echo();
        EchoSystem.down(down.id, true);
        TestConnector disabled = TestConnector.of(ACME, EchoType.ID).permitting(EchoType.READ)
                .credentials("{\"user\":\"u\",\"secret\":\"s\"}").enabled(false).publish(cipher);

        int checked = checks.checkAll().await().atMost(Duration.ofSeconds(60));

        assertTrue(checked >= 2);
        status(up.id).body("status", equalTo("Available")).body("samples[0].source", equalTo("check"))
                .body("last_checked_at", notNullValue());
        status(down.id).body("status", equalTo("Pending")).body("consecutive_failures", equalTo(1));
        assertEquals(0, EchoSystem.callsTo(disabled.id));
        // One check per connector per interval, whichever replica (or call) comes first.
        checks.checkAll().await().atMost(Duration.ofSeconds(60));
        status(up.id).body("samples.size()", equalTo(1));
    }

    @Test
    void neverProbesAConnectorItsExecutionsAlreadyJudge() {
        TestConnector busy = echo();
        execute("acme-admin", busy.id, EchoType.READ, Map.of()).then().body("status", equalTo("success"));
        status(busy.id).body("samples.size()", equalTo(1));
        int callsBefore = EchoSystem.callsTo(busy.id);

        checks.checkAll().await().atMost(Duration.ofSeconds(60));

        status(busy.id).body("samples.size()", equalTo(1)).body("samples[0].source", equalTo("execution"));
        assertEquals(callsBefore, EchoSystem.callsTo(busy.id));
    }
}
