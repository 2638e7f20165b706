package io.connectors.execution.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.execution.ExecutionServiceProfile;
import io.connectors.execution.testing.EchoSystem;
import io.connectors.execution.testing.EchoType;
import io.connectors.execution.testing.EventSchemas;
import io.connectors.execution.testing.Eventually;
import io.connectors.execution.testing.PolicyFake;
import io.connectors.execution.testing.TestConnector;
import io.connectors.execution.testing.TopicRecords;
import io.connectors.platform.events.Topics;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.platform.testing.RealServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.connectors.execution.testing.Api.ACME;
import static io.connectors.execution.testing.Api.GLOBEX;
import static io.connectors.execution.testing.Api.as;
import static io.connectors.execution.testing.Api.execute;
import static io.connectors.execution.testing.Api.execution;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(ExecutionServiceProfile.class)
class ExecuteIT {

    static final String CANARY = "canary-secret-7f3a";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    SecretCipher cipher;

    private TestConnector echo(String org) {
        return TestConnector.of(org, EchoType.ID)
                .permitting(EchoType.READ, EchoType.WRITE, EchoType.PURGE)
                .config("{\"greeting\":\"hello\"}")
                .credentials("{\"user\":\"svc-user\",\"secret\":\"" + CANARY + "\"}")
                .publish(cipher);
    }

    @Test
    void runsAnAllowedOperationWithTheDecryptedCredentialsAndAnswersSuccess() {
        TestConnector connector = echo(ACME);
        String id = execute("acme-deployer", connector.id, EchoType.READ, Map.of("message", "hi", "limit", 5))
                .then().statusCode(200)
                .body("status", equalTo("success"))
                .body("result.message", equalTo("hi"))
                .body("result.greeting", equalTo("hello"))
                .body("result.attempt", equalTo(1))
                .body("decision_id", notNullValue())
                .body("error", nullValue())
                .extract().path("execution_id");
        assertEquals("svc-user", EchoSystem.userSeenBy(connector.id));

        execution("acme-viewer", id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("success"))
                .body("connector_id", equalTo(connector.id))
                .body("connector_type", equalTo("echo"))
                .body("operation", equalTo(EchoType.READ))
                .body("mode", equalTo("sync"))
                .body("params.limit", equalTo(5))
                .body("result.message", equalTo("hi"))
                .body("risk_score", equalTo(10))
                .body("attempts", equalTo(1))
                .body("requested_by.username", equalTo("acme-deployer"))
                .body("finished_at", notNullValue());
    }

    @Test
    void asksThePolicyEngineWithActorConnectorOperationAndParams() {
        TestConnector connector = echo(ACME);
        String id = execute("acme-admin", connector.id, EchoType.PURGE, Map.of("message", "x"))
                .then().statusCode(200).extract().path("execution_id");

        JsonNode request = PolicyFake.get().requestsFor(connector.id).get(0);
        assertEquals(ACME, request.path("org_id").asText());
        assertEquals(id, request.path("execution_id").asText());
        assertEquals("acme-admin", request.path("actor").path("username").asText());
        assertTrue(request.path("actor").path("roles").toString().contains("admin"));
        assertFalse(request.path("actor").path("subject").asText().isBlank());
        assertEquals("echo", request.path("connector").path("type").asText());
        assertEquals("a1b2c3d4-e5f6-7890-abcd-ef1234567890", request.path("connector").path("agent_id").asText());
        assertEquals(3, request.path("connector").path("permitted_operations").size());
        assertEquals(EchoType.PURGE, request.path("operation").path("name").asText());
        assertEquals("destructive", request.path("operation").path("class").asText());
        assertEquals(90, request.path("operation").path("base_risk").asInt());
        assertEquals("x", request.path("params").path("message").asText());
        assertFalse(request.toString().contains(CANARY));
    }

    @Test
    void parksAnEscalatedOperationAsPendingApprovalWithoutCallingTheSystem() {
        TestConnector connector = echo(ACME);
        PolicyFake.get().answer(connector.id, PolicyFake.Answer.ESCALATE);
        String id = execute("acme-admin", connector.id, EchoType.WRITE, Map.of("message", "contain"))
                .then().statusCode(200)
                .body("status", equalTo("pending_approval"))
                .body("approval_id", notNullValue())
                .body("expires_at", notNullValue())
                .body("result", nullValue())
                .extract().path("execution_id");

        assertEquals(0, EchoSystem.callsTo(connector.id));
        execution("acme-viewer", id).then().statusCode(200).body("status", equalTo("pending_approval"));
    }

    @Test
    void reportsADenialWithThePolicyReasonsAndNeverCalls() {
        TestConnector connector = echo(ACME);
        PolicyFake.get().answer(connector.id, PolicyFake.Answer.DENY);
        execute("acme-admin", connector.id, EchoType.PURGE, Map.of()).then().statusCode(200)
                .body("status", equalTo("denied"))
                .body("error.message", containsString("no-destructive-on-fridays"))
                .body("error.fault", equalTo("blocked"))
                .body("error.retryable", equalTo(false))
                .body("error.reasons", contains("rule no-destructive-on-fridays matched"))
                .body("decision_id", notNullValue());
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void reportsAnExternalFailureAsRetryableAfterRetryingAnIdempotentOperation() {
        TestConnector connector = echo(ACME);
        String id = execute("acme-admin", connector.id, EchoType.READ, Map.of("fail", "external", "upstream_status", 502))
                .then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("external"))
                .body("error.retryable", equalTo(true))
                .body("error.upstream_status", equalTo(502))
                .body("error.message", containsString("HTTP 502"))
                .extract().path("execution_id");
        assertEquals(3, EchoSystem.callsOf(id));
        execution("acme-admin", id).then().body("attempts", equalTo(3)).body("status", equalTo("error"));
    }

    @Test
    void retriesAnIdempotentOperationUntilItSucceeds() {
        TestConnector connector = echo(ACME);
        String id = execute("acme-admin", connector.id, EchoType.READ, Map.of("fail", "external", "fail_times", 2))
                .then().statusCode(200)
                .body("status", equalTo("success"))
                .body("result.attempt", equalTo(3))
                .extract().path("execution_id");
        execution("acme-admin", id).then().body("attempts", equalTo(3));
    }

    @Test
    void neverRetriesANonIdempotentOperation() {
        TestConnector connector = echo(ACME);
        String id = execute("acme-admin", connector.id, EchoType.WRITE, Map.of("fail", "external", "fail_times", 1))
                .then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.retryable", equalTo(true))
                .extract().path("execution_id");
        assertEquals(1, EchoSystem.callsOf(id));
    }

    @Test
    void neverRetriesWhatTheCallerMustFix() {
        TestConnector connector = echo(ACME);
        String id = execute("acme-admin", connector.id, EchoType.READ, Map.of("fail", "caller", "upstream_status", 404))
                .then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("caller"))
                .body("error.retryable", equalTo(false))
                .body("error.upstream_status", equalTo(404))
                .extract().path("execution_id");
        assertEquals(1, EchoSystem.callsOf(id));
    }

    @Test
    void reportsRejectedCredentialsAsAConfigurationFault() {
        TestConnector connector = echo(ACME);
        execute("acme-admin", connector.id, EchoType.READ, Map.of("fail", "configuration")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("configuration"))
                .body("error.retryable", equalTo(false));
    }

    @Test
    void waitsForTheVendorsRetryAfterBeforeRetrying() {
        TestConnector connector = echo(ACME);
        String id = execute("acme-admin", connector.id, EchoType.READ,
                Map.of("fail", "external", "fail_times", 1, "retry_after_seconds", 1, "upstream_status", 429))
                .then().statusCode(200)
                .body("status", equalTo("success"))
                .body("result.attempt", equalTo(2))
                .extract().path("execution_id");
        assertEquals(2, EchoSystem.callsOf(id));
    }

    @Test
    void holdsTheConnectorAndSaysWhenToRetryWhenTheVendorAsksForALongPause() {
        TestConnector connector = echo(ACME);
        execute("acme-admin", connector.id, EchoType.READ,
                Map.of("fail", "external", "retry_after_seconds", 120, "upstream_status", 429))
                .then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.retryable", equalTo(true))
                .body("error.retry_after_seconds", equalTo(120))
                .body("error.upstream_status", equalTo(429));
        assertEquals(1, EchoSystem.callsTo(connector.id));

        execute("acme-admin", connector.id, EchoType.READ, Map.of("message", "again")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.message", containsString("slow down"))
                .body("error.retryable", equalTo(true))
                .body("error.retry_after_seconds", notNullValue());
        assertEquals(1, EchoSystem.callsTo(connector.id), "the held connector was not called again");
    }

    @Test
    void endsAnAttemptThatNeverAnswersAtItsDeadline() {
        TestConnector connector = echo(ACME);
        execute("acme-admin", connector.id, EchoType.WRITE, Map.of("hang", true)).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("external"))
                .body("error.retryable", equalTo(true))
                .body("error.message", containsString("did not answer in time"));
    }

    @Test
    void opensTheCircuitBreakerAfterRepeatedExternalFailures() {
        TestConnector connector = echo(ACME);
        for (int i = 0; i < 4; i++) {
            execute("acme-admin", connector.id, EchoType.WRITE, Map.of("fail", "external")).then().statusCode(200)
                    .body("error.message", containsString("HTTP 503"));
        }
        execute("acme-admin", connector.id, EchoType.WRITE, Map.of("message", "fine now")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.message", containsString("circuit breaker"))
                .body("error.fault", equalTo("external"))
                .body("error.retry_after_seconds", notNullValue());
        assertEquals(4, EchoSystem.callsTo(connector.id));
    }

    @Test
    void hidesAnUnexpectedHandlerFailureBehindAnIncidentId() {
        TestConnector connector = echo(ACME);
        execute("acme-admin", connector.id, EchoType.WRITE, Map.of("fail", "crash")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.message", containsString("incident"))
                .body(not(containsString(CANARY)));
    }

    @Test
    void failsClosedWhenThePolicyEngineIsUnavailable() {
        TestConnector connector = echo(ACME);
        PolicyFake.get().answer(connector.id, PolicyFake.Answer.UNAVAILABLE);
        String id = execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("external"))
                .body("error.retryable", equalTo(true))
                .body("error.message", containsString("policy engine"))
                .body("decision_id", nullValue())
                .extract().path("execution_id");
        assertEquals(0, EchoSystem.callsTo(connector.id));
        execution("acme-admin", id).then().body("status", equalTo("error"));
    }

    @Test
    void failsClosedWhenThePolicyEngineDoesNotAnswerInTime() {
        TestConnector connector = echo(ACME);
        PolicyFake.get().answer(connector.id, PolicyFake.Answer.SLOW);
        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.retryable", equalTo(true))
                .body("error.message", containsString("policy engine"));
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void failsClosedOnADecisionItCannotUse() {
        TestConnector connector = echo(ACME);
        PolicyFake.get().answer(connector.id, PolicyFake.Answer.NONSENSE);
        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.retryable", equalTo(false));
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void doesNotRunWhenItsAuditRecordCannotBeWritten() throws Exception {
        TestConnector connector = echo(ACME);
        String appRole = RealServers.database().appRole();
        try (Connection owner = RealServers.database().connectAsOwner(); Statement sql = owner.createStatement()) {
            sql.execute("revoke insert on outbox from " + appRole);
            try {
                execute("acme-admin", connector.id, EchoType.READ, Map.of("message", "must not run")).then()
                        .statusCode(503)
                        .contentType(PROBLEM)
                        .body("detail", containsString("not run"));
            } finally {
                sql.execute("grant insert on outbox to " + appRole);
            }
        }
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void refusesAnOperationOutsidePermittedScope() {
        TestConnector connector = TestConnector.of(ACME, EchoType.ID).permitting(EchoType.READ)
                .credentials("{\"user\":\"u\",\"secret\":\"s\"}").publish(cipher);
        execute("acme-admin", connector.id, EchoType.WRITE, Map.of()).then().statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("permitted_operations"));
        execute("acme-admin", connector.id, "hosts:contain", Map.of()).then().statusCode(403);
        execute("acme-admin", connector.id, "echo:read\u0000;drop table executions", Map.of()).then().statusCode(403);
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void answers404ForUnknownOrAnotherOrgsConnector() {
        TestConnector connector = echo(ACME);
        execute("globex-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(404).contentType(PROBLEM);
        execute("acme-admin", UUID.randomUUID().toString(), EchoType.READ, Map.of()).then().statusCode(404);
        execute("acme-admin", "..%2F..%2Fetc%2Fpasswd", EchoType.READ, Map.of()).then().statusCode(404);
        execute("acme-admin", "x".repeat(300), EchoType.READ, Map.of()).then().statusCode(404);
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void refusesAConnectorWithoutCredentials() {
        TestConnector connector = TestConnector.of(ACME, EchoType.ID).permitting(EchoType.READ).publish(cipher);
        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", contains("credentials"));
    }

    @Test
    void refusesADisabledConnector() {
        TestConnector connector = TestConnector.of(ACME, EchoType.ID).permitting(EchoType.READ)
                .credentials("{\"user\":\"u\",\"secret\":\"s\"}").enabled(false).publish(cipher);
        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("disabled"));
    }

    @Test
    void reportsParamsInvalidAgainstTheOperationSchemaWithTheirFields() {
        TestConnector connector = echo(ACME);
        execute("acme-admin", connector.id, EchoType.READ, Map.of("limit", "ten", "bogus", 1, "message", "m".repeat(300)))
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", contains("params.bogus", "params.limit", "params.message"));
        assertEquals(0, EchoSystem.callsTo(connector.id));
        assertTrue(PolicyFake.get().requestsFor(connector.id).isEmpty(), "invalid requests never reach the policy engine");
    }

    @Test
    void refusesMalformedBodiesWithTheFieldAtFault() {
        TestConnector connector = echo(ACME);
        as("acme-admin").contentType(ContentType.JSON).body("{\"operation\":").post("/v1/connectors/{id}/execute", connector.id)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("body"));
        as("acme-admin").contentType(ContentType.JSON).body("[\"echo:read\"]").post("/v1/connectors/{id}/execute", connector.id)
                .then().statusCode(400).body("errors.field", contains("body"));
        as("acme-admin").contentType(ContentType.JSON).body("{\"operation\":[\"echo:read\"],\"params\":\"all\",\"mode\":1}")
                .post("/v1/connectors/{id}/execute", connector.id)
                .then().statusCode(400).body("errors.field", contains("operation", "params", "mode"));
        as("acme-admin").contentType(ContentType.JSON).body("{\"params\":{}}").post("/v1/connectors/{id}/execute", connector.id)
                .then().statusCode(400).body("errors.field", contains("operation"));
        as("acme-admin").contentType(ContentType.JSON)
                .body("{\"operation\":\"echo:read\",\"params\":{\"message\":\"" + "x".repeat(300_000) + "\"}}")
                .post("/v1/connectors/{id}/execute", connector.id)
                .then().statusCode(413).contentType(PROBLEM);
        as("acme-admin").contentType(ContentType.TEXT).body("operation=echo:read").post("/v1/connectors/{id}/execute", connector.id)
                .then().statusCode(415);
        // The limits policy-service decides within, refused at admission (they were external faults after a decision).
        as("acme-admin").contentType(ContentType.JSON)
                .body("{\"operation\":\"echo:read\",\"params\":{\"message\":\"" + "x".repeat(200_000) + "\"}}")
                .post("/v1/connectors/{id}/execute", connector.id)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("params"));
        as("acme-admin").contentType(ContentType.JSON)
                .body("{\"operation\":\"echo:read\",\"params\":" + "{\"a\":".repeat(900) + "1" + "}".repeat(900) + "}")
                .post("/v1/connectors/{id}/execute", connector.id)
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("params"));
        // Beyond double range: refused by its path before anything hashes it, with and without an Idempotency-Key.
        for (String number : List.of("1e400", "-1e400")) {
            as("acme-admin").contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{\"operation\":\"echo:read\",\"params\":{\"message\":\"hi\",\"n\":[" + number + "]}}")
                    .post("/v1/connectors/{id}/execute", connector.id)
                    .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("params.n[0]"));
            as("acme-admin").contentType(ContentType.JSON)
                    .body("{\"operation\":\"echo:read\",\"params\":{\"n\":" + number + "}}")
                    .post("/v1/connectors/{id}/execute", connector.id)
                    .then().statusCode(400).contentType(PROBLEM).body("errors.field", contains("params.n"));
        }
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void letsOnlyAdminsAndDeployersExecute() {
        TestConnector connector = echo(ACME);
        for (String user : List.of("acme-viewer", "acme-approver", "acme-auditor")) {
            execute(user, connector.id, EchoType.READ, Map.of()).then().statusCode(403).contentType(PROBLEM);
        }
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("operation", EchoType.READ))
                .post("/v1/connectors/{id}/execute", connector.id).then().statusCode(401);
        RestAssured.given().auth().oauth2("not-a-token").contentType(ContentType.JSON).body(Map.of("operation", EchoType.READ))
                .post("/v1/connectors/{id}/execute", connector.id).then().statusCode(401);
        assertEquals(0, EchoSystem.callsTo(connector.id));
        execute("acme-deployer", connector.id, EchoType.READ, Map.of()).then().statusCode(200).body("status", equalTo("success"));
    }

    @Test
    void replaysTheStoredAnswerForTheSameIdempotencyKeyInsteadOfActingTwice() {
        TestConnector connector = echo(ACME);
        String key = "order-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("operation", EchoType.WRITE, "params", Map.of("message", "once"));
        String first = as("acme-admin").header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/v1/connectors/{id}/execute", connector.id).then().statusCode(200)
                .body("status", equalTo("success")).extract().path("execution_id");
        as("acme-admin").header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/v1/connectors/{id}/execute", connector.id).then().statusCode(200)
                .body("status", equalTo("success"))
                .body("execution_id", equalTo(first))
                .body("result.message", equalTo("once"));
        assertEquals(1, EchoSystem.callsTo(connector.id));

        as("acme-admin").header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Map.of("operation", EchoType.WRITE, "params", Map.of("message", "twice")))
                .post("/v1/connectors/{id}/execute", connector.id).then().statusCode(409).contentType(PROBLEM);
        // Keys are per org: globex's same key is its own.
        TestConnector globex = echo(GLOBEX);
        as("globex-admin").header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/v1/connectors/{id}/execute", globex.id).then().statusCode(200)
                .body("execution_id", not(equalTo(first)));
        assertEquals(1, EchoSystem.callsTo(connector.id));
    }

    @Test
    void refusesAnUnusableIdempotencyKey() {
        TestConnector connector = echo(ACME);
        for (String key : List.of("k".repeat(256), "with space", "tab\tkey")) {
            as("acme-admin").header("Idempotency-Key", key).contentType(ContentType.JSON)
                    .body(Map.of("operation", EchoType.READ)).post("/v1/connectors/{id}/execute", connector.id)
                    .then().statusCode(400).body("errors.field", contains("Idempotency-Key"));
        }
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void acceptsAnAsyncExecutionAndRunsItThroughKafka() {
        TestConnector connector = echo(ACME);
        Response accepted = as("acme-deployer").contentType(ContentType.JSON)
                .body(Map.of("operation", EchoType.READ, "params", Map.of("message", "later"), "mode", "async"))
                .post("/v1/connectors/{id}/execute", connector.id);
        accepted.then().statusCode(202)
                .body("status", equalTo("queued"))
                .body("decision_id", notNullValue());
        String id = accepted.path("execution_id");
        assertTrue(accepted.header("Location").endsWith("/v1/executions/" + id));

        JsonNode done = Eventually.until(() -> execution("acme-viewer", id).then().extract().as(JsonNode.class),
                view -> "success".equals(view.path("status").asText()), "the async execution to succeed");
        assertEquals("later", done.path("result").path("message").asText());

        List<JsonNode> requests = TopicRecords.await(Topics.EXECUTION_REQUESTS, r -> connector.id.equals(r.key()), 1);
        EventSchemas.assertValid("execution.request.v1.json", requests.get(0));
        assertEquals(id, requests.get(0).path("data").path("execution_id").asText());
    }

    private static JsonNode withStatus(List<JsonNode> results, String status) {
        return results.stream().filter(r -> status.equals(r.path("data").path("status").asText())).findFirst().orElseThrow();
    }

    @Test
    void publishesRunningThenTheOutcomeAndAuditRecordsThatMatchTheirSchemas() {
        TestConnector connector = echo(ACME);
        String id = execute("acme-admin", connector.id, EchoType.READ, Map.of("message", "audited", "limit", 3))
                .then().statusCode(200).extract().path("execution_id");

        // Two transactions, two outbox rows: the relay does not promise their order on the topic, each says its status.
        List<JsonNode> results = TopicRecords.await(Topics.EXECUTION_RESULTS, r -> id.equals(r.key()), 2);
        assertEquals(Set.of("running", "success"), results.stream().map(r -> r.path("data").path("status").asText()).collect(Collectors.toSet()));
        results.forEach(result -> EventSchemas.assertValid("execution.result.v1.json", result));
        assertEquals("audited", withStatus(results, "success").path("data").path("result").path("message").asText());

        List<JsonNode> audit = TopicRecords.await(Topics.AUDIT, r -> r.value() != null && r.value().contains(id), 2);
        audit.forEach(record -> EventSchemas.assertValid("audit.record.v1.json", record));
        JsonNode running = audit.stream().filter(r -> "running".equals(r.path("data").path("details").path("status").asText()))
                .findFirst().orElseThrow().path("data");
        assertEquals("connector.executed", running.path("action").asText());
        assertEquals("pending", running.path("outcome").asText());
        assertEquals("[\"limit\",\"message\"]", running.path("details").path("params").toString());
        assertEquals("acme-admin", running.path("actor").path("username").asText());
        assertEquals(connector.id, running.path("target").path("connector_id").asText());
        JsonNode succeeded = audit.stream().filter(r -> "success".equals(r.path("data").path("details").path("status").asText()))
                .findFirst().orElseThrow().path("data");
        assertEquals("success", succeeded.path("outcome").asText());
        assertFalse(succeeded.toString().contains("audited"), "audit records never carry params values or results");
    }

    @Test
    void auditsFailuresAndDenialsWithTheirFault() {
        TestConnector connector = echo(ACME);
        String failed = execute("acme-admin", connector.id, EchoType.WRITE, Map.of("fail", "caller"))
                .then().extract().path("execution_id");
        List<JsonNode> audit = TopicRecords.await(Topics.AUDIT, r -> r.value() != null && r.value().contains(failed), 2);
        JsonNode record = audit.stream().filter(r -> "execution.failed".equals(r.path("data").path("action").asText()))
                .findFirst().orElseThrow().path("data");
        assertEquals("failure", record.path("outcome").asText());
        assertEquals("caller", record.path("details").path("fault").asText());

        PolicyFake.get().answer(connector.id, PolicyFake.Answer.DENY);
        String denied = execute("acme-admin", connector.id, EchoType.PURGE, Map.of()).then().extract().path("execution_id");
        // The policy engine's decision record names the execution too; the execution's own record says it was denied.
        JsonNode denial = TopicRecords.await(Topics.AUDIT, r -> r.value() != null && r.value().contains(denied)
                && r.value().contains("\"execution.denied\""), 1).get(0).path("data");
        assertEquals("execution.denied", denial.path("action").asText());
        assertEquals("denied", denial.path("outcome").asText());
        assertFalse(denial.path("decision_id").isMissingNode());
    }

    @Test
    void neverLetsTheCredentialsOutInAnswersEventsOrRows() throws Exception {
        TestConnector connector = echo(ACME);
        String id = execute("acme-admin", connector.id, EchoType.READ, Map.of("message", "look")).then().statusCode(200)
                .body(not(containsString(CANARY))).extract().path("execution_id");
        execution("acme-admin", id).then().body(not(containsString(CANARY)));
        as("acme-admin").get("/v1/executions?connector_id=" + connector.id).then().body(not(containsString(CANARY)));

        TopicRecords.await(Topics.EXECUTION_RESULTS, r -> id.equals(r.key()), 2)
                .forEach(event -> assertFalse(event.toString().contains(CANARY)));
        TopicRecords.await(Topics.AUDIT, r -> r.value() != null && r.value().contains(id), 2)
                .forEach(event -> assertFalse(event.toString().contains(CANARY)));
        assertFalse(String.valueOf(connector.column("credentials_ciphertext")).contains(CANARY));
        try (Connection owner = RealServers.database().connectAsOwner(); Statement sql = owner.createStatement()) {
            sql.execute("select set_config('app.org_id', '" + ACME + "', false)");
            try (ResultSet rows = sql.executeQuery("select e::text from executions e where e.id = '" + id + "'")) {
                assertTrue(rows.next());
                assertFalse(rows.getString(1).contains(CANARY));
            }
            try (ResultSet rows = sql.executeQuery("select payload from outbox where payload like '%" + CANARY + "%'")) {
                assertFalse(rows.next(), "no event in the outbox carries the secret");
            }
        }
    }

    @Test
    void listsTheOrgsExecutionsWithFiltersAndPages() {
        TestConnector connector = echo(ACME);
        for (int i = 0; i < 3; i++) {
            execute("acme-admin", connector.id, EchoType.READ, Map.of("message", "m" + i)).then().statusCode(200);
        }
        execute("acme-admin", connector.id, EchoType.READ, Map.of("fail", "caller")).then().statusCode(200);

        as("acme-viewer").queryParam("connector_id", connector.id).queryParam("pageSize", 2).get("/v1/executions")
                .then().statusCode(200)
                .body("totalRecords", equalTo(4))
                .body("totalPages", equalTo(2))
                .body("pageNumber", equalTo(1))
                .body("data.size()", equalTo(2))
                .body("data[0].params.fail", equalTo("caller"))
                .body("nextPage", equalTo("/v1/executions?pageSize=2&pageNumber=2&connector_id=" + connector.id))
                .body("previousPage", nullValue());
        as("acme-viewer").queryParam("connector_id", connector.id).queryParam("status", "error").get("/v1/executions")
                .then().statusCode(200).body("totalRecords", equalTo(1)).body("data[0].error.fault", equalTo("caller"));
        as("globex-viewer").queryParam("connector_id", connector.id).get("/v1/executions")
                .then().statusCode(200).body("totalRecords", equalTo(0)).body("data.size()", equalTo(0));
        as("acme-viewer").queryParam("pageSize", "1000").queryParam("status", "<b>").get("/v1/executions")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("pageSize")).body("errors.field", hasItem("status"));
        RestAssured.get("/v1/executions").then().statusCode(401);
    }

    @Test
    void showsAnExecutionOnlyToItsOrg() {
        TestConnector connector = echo(ACME);
        String id = execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().extract().path("execution_id");
        execution("acme-auditor", id).then().statusCode(200);
        execution("globex-admin", id).then().statusCode(404).contentType(PROBLEM);
        execution("acme-admin", UUID.randomUUID().toString()).then().statusCode(404);
        execution("acme-admin", "not-an-id'--").then().statusCode(404);
        RestAssured.get("/v1/executions/{id}", id).then().statusCode(401);
    }
}
