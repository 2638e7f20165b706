package io.connectors.e2e;

import io.connectors.types.crowdstrike.FakeCrowdStrike;
import io.connectors.types.testing.Reply;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole story on the running local stack, through the one public port and with real Keycloak tokens: an admin
 * stores a CrowdStrike connector, an agent's read runs at once, its containment waits for a second person's
 * approval, and the audit trail holds every step with an intact chain; another org sees none of it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentStoryIT {

    private static final String HOST = "0123456789abcdef0123456789abcdef";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static FakeCrowdStrike falcon;
    private static String connectorId;
    private static String readExecutionId;
    private static String containExecutionId;
    private static String approvalId;
    private static final String agentId = UUID.randomUUID().toString();

    @BeforeAll
    static void startTheVendor() {
        RestAssured.baseURI = System.getProperty("e2e.base-url", "http://127.0.0.1:8080");
        falcon = new FakeCrowdStrike();
        falcon.authorized("GET", "/alerts/queries/alerts/v2", request -> FakeCrowdStrike.page(List.of("ind:e2e:1"), 0, 1, 1));
        falcon.authorized("POST", "/alerts/entities/alerts/v2", request -> Reply.json(200, "{" + FakeCrowdStrike.META
                + "}, \"resources\": [{\"composite_id\": \"ind:e2e:1\", \"severity_name\": \"Critical\"}], \"errors\": []}"));
        falcon.authorized("POST", "/devices/entities/devices-actions/v2", request -> Reply.json(202, "{" + FakeCrowdStrike.META
                + "}, \"resources\": [{\"id\": \"" + HOST + "\", \"path\": \"\"}], \"errors\": []}"));
    }

    @AfterAll
    static void stopTheVendor() {
        if (connectorId != null) {
            as("acme-admin").queryParam("force", "true").delete("/v1/connectors/{id}", connectorId);
        }
        falcon.close();
    }

    @Test
    @Order(1)
    void adminStoresAConnectorWhoseSecretIsNeverShown() {
        connectorId = as("acme-admin").contentType(ContentType.JSON).body(Map.of(
                        "name", "e2e-falcon-" + agentId,
                        "agent_id", agentId,
                        "connector_type", "crowdstrike",
                        "permitted_operations", List.of("detections:read", "hosts:contain"),
                        "credentials", Map.of("client_id", FakeCrowdStrike.CLIENT_ID,
                                "client_secret", FakeCrowdStrike.CLIENT_SECRET, "base_url", falcon.url())))
                .post("/v1/connectors")
                .then().statusCode(201).body("credentials_configured", equalTo(true))
                .extract().path("id");

        String listing = as("acme-viewer").queryParam("agent_id", agentId).get("/v1/connectors")
                .then().statusCode(200).body("total", equalTo(1))
                .body("configs[0].credentials_redacted.client_secret", equalTo("****"))
                .extract().asString();
        assertFalse(listing.contains(FakeCrowdStrike.CLIENT_SECRET), "the list shows the secret");
    }

    @Test
    @Order(2)
    void aReadOperationRunsAtOnce() {
        // The execution service learns of the connector from Kafka: wait for its read model.
        Response response = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(
                () -> execute("detections:read", Map.of("limit", 10)), r -> r.statusCode() != 404);
        JsonPath answer = response.then().statusCode(200).extract().jsonPath();
        assertEquals("success", answer.getString("status"), answer.prettify());
        assertEquals("ind:e2e:1", answer.getString("result.detections[0].composite_id"), answer.prettify());
        readExecutionId = answer.getString("execution_id");
    }

    @Test
    @Order(3)
    void aDestructiveOperationWaitsForAnotherPersonsApproval() {
        JsonPath answer = execute("hosts:contain", Map.of("ids", List.of(HOST))).then().extract().jsonPath();
        assertEquals("pending_approval", answer.getString("status"), answer.prettify());
        approvalId = answer.getString("approval_id");
        containExecutionId = answer.getString("execution_id");
        assertTrue(falcon.requests("POST", "/devices/entities/devices-actions/v2").isEmpty(), "contained before approval");

        List<String> pending = as("acme-approver").queryParam("status", "pending").get("/v1/approvals")
                .then().statusCode(200).extract().path("approvals.id");
        assertTrue(pending.contains(approvalId), "approval not listed as pending: " + pending);
        as("acme-admin").contentType(ContentType.JSON).body("{}").post("/v1/approvals/{id}/approve", approvalId)
                .then().statusCode(403);
        as("acme-approver").contentType(ContentType.JSON).body("{\"reason\": \"host confirmed compromised\"}")
                .post("/v1/approvals/{id}/approve", approvalId)
                .then().statusCode(200).body("status", equalTo("granted"));
    }

    @Test
    @Order(4)
    void theApprovedContainmentIsExecutedThroughKafka() {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(
                () -> as("acme-admin").get("/v1/executions/{id}", containExecutionId).then().statusCode(200)
                        .extract().<String>path("status"),
                "success"::equals);
        assertEquals(1, falcon.requests("POST", "/devices/entities/devices-actions/v2").size());
        assertEquals(List.of("contain"), falcon.only("POST", "/devices/entities/devices-actions/v2").query().get("action_name"));
    }

    @Test
    @Order(5)
    void theAuditTrailHoldsEveryStepOnceWithAnIntactChain() {
        List<String> expected = List.of("connector.created", "approval.requested", "approval.granted", "connector.executed");
        List<Map<String, Object>> events = await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(
                () -> as("acme-auditor").queryParam("connector_id", connectorId).queryParam("limit", 200)
                        .get("/v1/audit/events").then().statusCode(200).extract().<List<Map<String, Object>>>path("events"),
                list -> list.stream().map(e -> e.get("action")).toList().containsAll(expected)
                        && list.stream().filter(e -> "connector.executed".equals(e.get("action"))).count() >= 2);
        assertEquals(events.size(), events.stream().map(e -> e.get("id")).distinct().count(), "an event is stored twice");
        assertFalse(events.toString().contains(FakeCrowdStrike.CLIENT_SECRET), "the audit trail shows the secret");

        as("acme-auditor").get("/v1/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true)).body("records_checked", not(equalTo(0)));
    }

    @Test
    @Order(6)
    void anotherOrgSeesNoneOfIt() {
        as("globex-admin").get("/v1/connectors/{id}", connectorId).then().statusCode(404);
        List<String> globexConnectors = as("globex-admin").get("/v1/connectors").then().statusCode(200)
                .extract().path("configs.id");
        assertFalse(globexConnectors.contains(connectorId));
        as("globex-admin").get("/v1/executions/{id}", readExecutionId).then().statusCode(404);
        as("globex-approver").get("/v1/approvals/{id}", approvalId).then().statusCode(404);
        as("globex-admin").contentType(ContentType.JSON).body(Map.of("operation", "detections:read", "params", Map.of()))
                .post("/v1/connectors/{id}/execute", connectorId).then().statusCode(404);
        as("globex-auditor").queryParam("connector_id", connectorId).get("/v1/audit/events")
                .then().statusCode(200).body("events.size()", equalTo(0));
    }

    private static Response execute(String operation, Map<String, Object> params) {
        return as("acme-admin").contentType(ContentType.JSON).body(Map.of("operation", operation, "params", params))
                .post("/v1/connectors/{id}/execute", connectorId);
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user));
    }
}
