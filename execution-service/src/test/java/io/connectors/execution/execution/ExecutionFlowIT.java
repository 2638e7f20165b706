package io.connectors.execution.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.ExecutionServiceProfile;
import io.connectors.execution.testing.EchoSystem;
import io.connectors.execution.testing.EchoType;
import io.connectors.execution.testing.Eventually;
import io.connectors.execution.testing.PolicyFake;
import io.connectors.execution.testing.TestConnector;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.RealServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.connectors.execution.testing.Api.ACME;
import static io.connectors.execution.testing.Api.GLOBEX;
import static io.connectors.execution.testing.Api.execute;
import static io.connectors.execution.testing.Api.execution;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The execution flow's promises: read-your-writes, two commits, nothing left half-done. */
@QuarkusTest
@TestProfile(ExecutionServiceProfile.class)
class ExecutionFlowIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    SecretCipher cipher;

    @Inject
    ExecutionReaper reaper;

    private TestConnector echo(String org) {
        return TestConnector.of(org, EchoType.ID).permitting(EchoType.READ, EchoType.WRITE)
                .credentials("{\"user\":\"svc-user\",\"secret\":\"s3cret\"}");
    }

    @Test
    void executesAConnectorCreatedAMomentAgoByAskingConfigServiceOnce() {
        TestConnector connector = echo(ACME).createdInConfigServiceOnly(cipher);
        execute("acme-deployer", connector.id, EchoType.READ, Map.of("message", "at once")).then().statusCode(200)
                .body("status", equalTo("success"))
                .body("result.message", equalTo("at once"));
        execute("acme-deployer", connector.id, EchoType.READ, Map.of()).then().statusCode(200)
                .body("status", equalTo("success"));
        assertEquals(1, PolicyFake.get().lookupsOf(connector.id), "config-service is asked once, then memory serves");
        assertEquals("1", connector.column("version"), "what config-service answered is stored like an event");
    }

    @Test
    void neverServesAConnectorConfigServiceKnowsInAnotherOrg() {
        TestConnector connector = echo(GLOBEX).createdInConfigServiceOnly(cipher);
        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(404);
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void answers404ForAnIdNobodyKnowsAndAsksAgainOnlyAfterAPause() {
        String unknown = UUID.randomUUID().toString();
        execute("acme-admin", unknown, EchoType.READ, Map.of()).then().statusCode(404);
        execute("acme-admin", unknown, EchoType.READ, Map.of()).then().statusCode(404);
        assertEquals(1, PolicyFake.get().lookupsOf(unknown), "a second ask within connectors.execution.config-lookup.absent-for stays local");
        execute("acme-admin", "not-a-uuid", EchoType.READ, Map.of()).then().statusCode(404);
        assertEquals(0, PolicyFake.get().lookupsOf("not-a-uuid"));
    }

    @Test
    void stopsExecutingADeletedConnectorWithinASecond() {
        TestConnector connector = echo(ACME).publish(cipher);
        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(200).body("status", equalTo("success"));
        long sent = System.nanoTime();
        connector.send(null);
        Eventually.until(() -> execute("acme-admin", connector.id, EchoType.READ, Map.of()).statusCode(), code -> code == 404,
                "the deleted connector to answer 404");
        long millis = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(millis < 1000, "refused " + millis + " ms after the tombstone");
    }

    @Test
    void stopsExecutingADisabledConnectorWithinASecond() {
        TestConnector connector = echo(ACME).publish(cipher);
        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(200);
        long sent = System.nanoTime();
        connector.enabled(false).publishRaw(ACME, connector.event(connector.column("credentials_ciphertext"), 2));
        Eventually.until(() -> execute("acme-admin", connector.id, EchoType.READ, Map.of()).statusCode(), code -> code == 409,
                "the disabled connector to answer 409");
        long millis = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(millis < 1000, "refused " + millis + " ms after the disabling event");
    }

    @Test
    void recordsASyncExecutionInExactlyTwoTransactions() throws SQLException {
        TestConnector connector = echo(ACME).publish(cipher);
        // Every row the service writes for an execution, with the transaction that wrote it (the relay's later
        // update of outbox rows is not a write of the execution's).
        try (Connection owner = ownerInOrg(ACME); Statement sql = owner.createStatement()) {
            sql.execute("create table if not exists test_writes (tx bigint, table_name text, payload text)");
            sql.execute("create or replace function test_log_write() returns trigger language plpgsql security definer"
                    + " as $$ begin insert into test_writes values (txid_current(), TG_TABLE_NAME, to_jsonb(NEW)::text);"
                    + " return NEW; end $$");
            sql.execute("drop trigger if exists test_executions_writes on executions");
            sql.execute("create trigger test_executions_writes after insert or update on executions"
                    + " for each row execute function test_log_write()");
            sql.execute("drop trigger if exists test_outbox_writes on outbox");
            sql.execute("create trigger test_outbox_writes after insert on outbox for each row execute function test_log_write()");
        }
        String id;
        try {
            id = execute("acme-admin", connector.id, EchoType.READ, Map.of("message", "two commits"))
                    .then().statusCode(200).body("status", equalTo("success")).extract().path("execution_id");
        } finally {
            try (Connection owner = ownerInOrg(ACME); Statement sql = owner.createStatement()) {
                sql.execute("drop trigger test_executions_writes on executions");
                sql.execute("drop trigger test_outbox_writes on outbox");
            }
        }
        Set<Long> transactions = new HashSet<>();
        int outboxRows = 0;
        int executionWrites = 0;
        try (Connection owner = ownerInOrg(ACME);
             PreparedStatement writes = owner.prepareStatement("select tx, table_name from test_writes where payload like ?")) {
            writes.setString(1, "%" + id + "%");
            try (ResultSet found = writes.executeQuery()) {
                while (found.next()) {
                    transactions.add(found.getLong(1));
                    if ("outbox".equals(found.getString(2))) {
                        outboxRows++;
                    } else {
                        executionWrites++;
                    }
                }
            }
        }
        assertEquals(5, outboxRows, "policy.decided, running record + event, success record + event");
        assertEquals(2, executionWrites, "the claim inserts the row, the finish updates it");
        assertEquals(2, transactions.size(), "written in transactions " + transactions);
        List<String> events = new ArrayList<>();
        try (Connection owner = ownerInOrg(ACME);
             PreparedStatement rows = owner.prepareStatement("select w.payload::jsonb ->> 'payload' from"
                     + " (select payload from test_writes where table_name = 'outbox' and payload like ?) w"
                     + " order by (w.payload::jsonb ->> 'seq')::bigint")) {
            rows.setString(1, "%" + id + "%");
            try (ResultSet found = rows.executeQuery()) {
                while (found.next()) {
                    JsonNode event = MAPPER.readTree(found.getString(1));
                    JsonNode data = event.path("data");
                    events.add(data.has("action") ? data.path("action").asText() + " " + data.path("outcome").asText()
                            : "result " + data.path("status").asText());
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        assertEquals(List.of("policy.decided success", "connector.executed pending", "result running",
                "connector.executed success", "result success"), events, "outbox rows in the order they happened");
    }

    @Test
    void finishesAnExecutionWhoseClientDisconnected() throws Exception {
        TestConnector connector = echo(ACME).publish(cipher);
        String body = "{\"operation\":\"" + EchoType.WRITE + "\",\"params\":{\"hang\":true}}";
        String token = KeycloakServer.get().token("acme-admin");
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/connectors/" + connector.id + "/execute HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Eventually.until(() -> EchoSystem.callsTo(connector.id), calls -> calls == 1, "the call to start");
        }
        // The client is gone; the hanging call ends at its attempt deadline and the execution still finishes.
        JsonNode done = Eventually.until(() -> latestExecution(connector.id), view -> view != null
                && "error".equals(view.path("status").asText()), "the abandoned execution to reach a terminal status");
        assertEquals("external", done.path("error").path("fault").asText());
        assertEquals(1, EchoSystem.callsTo(connector.id), "a non-idempotent operation is never sent twice");
    }

    @Test
    void leavesAnOutcomeTheDatabaseRefusedToTheReaperAsInterrupted() throws Exception {
        TestConnector connector = echo(ACME).publish(cipher);
        String appRole = RealServers.database().appRole();
        String id;
        try (Connection owner = ownerInOrg(ACME); Statement sql = owner.createStatement()) {
            // The claim (an insert) commits; the outcome (an update) is refused until the flow gives up on it.
            sql.execute("revoke update on executions from " + appRole);
            try {
                id = execute("acme-admin", connector.id, EchoType.WRITE, Map.of("message", "ran")).then().statusCode(200)
                        .body("status", equalTo("success")).extract().path("execution_id");
            } finally {
                sql.execute("grant update on executions to " + appRole);
            }
            assertEquals(1, EchoSystem.callsTo(connector.id));
            execution("acme-admin", id).then().body("status", equalTo("running"));
            sql.execute("update executions set updated_at = now() - interval '1 day' where id = '" + id + "'");
        }
        assertTrue(reaper.reap().await().atMost(Duration.ofSeconds(30)) >= 1);
        execution("acme-admin", id).then().statusCode(200)
                .body("status", equalTo("interrupted"))
                .body("error.retryable", equalTo(false));
        assertEquals(1, EchoSystem.callsTo(connector.id), "an interrupted execution is never re-run by itself");
        assertEquals(0, reaper.reap().await().atMost(Duration.ofSeconds(30)), "resolved once");
    }

    @Test
    void cancelsAnExecutionACrashLeftUndecided() throws Exception {
        TestConnector connector = echo(ACME).publish(cipher);
        UUID id = UUID.randomUUID();
        try (Connection owner = ownerInOrg(ACME);
             PreparedStatement insert = owner.prepareStatement("insert into executions (id, org_id, connector_id,"
                     + " connector_type, operation, params, params_hash, mode, status, requested_by, requested_by_roles,"
                     + " created_at, updated_at) values (?, ?, ?, 'echo', 'echo:read', '{}', 'x', 'sync', 'received', 'u',"
                     + " '[]', now() - interval '1 hour', now() - interval '1 hour')")) {
            insert.setObject(1, id);
            insert.setString(2, ACME);
            insert.setString(3, connector.id);
            insert.executeUpdate();
        }
        assertTrue(reaper.reap().await().atMost(Duration.ofSeconds(30)) >= 1);
        execution("acme-admin", id.toString()).then().statusCode(200).body("status", equalTo("cancelled"));
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void renewsARefusedServiceTokenOnceAndLosesNoExecution() {
        TestConnector connector = echo(ACME).publish(cipher);
        execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(200).body("status", equalTo("success"));
        PolicyFake.get().refuseTokensSeenSoFar();
        sleep(Duration.ofMillis(1500)); // tokens issued from now on carry a later iat (whole seconds)
        for (int i = 0; i < 12; i++) {
            execute("acme-admin", connector.id, EchoType.READ, Map.of()).then().statusCode(200).body("status", equalTo("success"));
        }
    }

    /** The schema owner's connection, in an org: Row-Level Security is forced for the owner too. */
    private static Connection ownerInOrg(String orgId) throws SQLException {
        Connection owner = RealServers.database().connectAsOwner();
        try (PreparedStatement setOrg = owner.prepareStatement("select set_config('app.org_id', ?, false)")) {
            setOrg.setString(1, orgId);
            setOrg.execute();
        }
        return owner;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode latestExecution(String connectorId) {
        JsonNode page = RestAssured.given().auth().oauth2(KeycloakServer.get().token("acme-viewer"))
                .queryParam("connector_id", connectorId).get("/v1/executions").then().statusCode(200)
                .extract().as(JsonNode.class);
        return page.path("data").size() == 0 ? null : page.path("data").get(0);
    }
}
