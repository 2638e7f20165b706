package io.connectors.policy.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.events.Topics;
import io.connectors.policy.PolicyServiceProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.connectors.policy.Fixtures.CANARY;
import static io.connectors.policy.Fixtures.PROBLEM_JSON;
import static io.connectors.policy.Fixtures.anonymous;
import static io.connectors.policy.Fixtures.as;
import static io.connectors.policy.Fixtures.asExecutionService;
import static io.connectors.policy.Fixtures.containment;
import static io.connectors.policy.Fixtures.decide;
import static io.connectors.policy.Fixtures.decision;
import static io.connectors.policy.Fixtures.outbox;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision API with the built-in default policy (each test decides in an org of its own, without policies). */
@QuarkusTest
@TestProfile(PolicyServiceProfile.class)
class DecisionIT {

    private static String freshOrg() {
        return UUID.randomUUID().toString();
    }

    @Test
    void allowsTheSeedsReadOperationUnderTheDefaultPolicy() {
        Map<String, Object> body = decision(freshOrg(), "acme-deployer", "crowdstrike", "detections:read", "read", 10,
                List.of("detections:read", "hosts:read"), Map.of("filter", "severity:Critical", "limit", 50));

        decide(body).then().statusCode(200)
                .body("outcome", equalTo("allow"))
                .body("risk_score", equalTo(10))
                .body("decision_id", notNullValue())
                .body("reasons.rule", contains("allow-read"))
                .body("reasons[0].policy_id", equalTo("builtin-allow-read"))
                .body("reasons[0].effect", equalTo("allow"))
                .body("approval_id", nullValue())
                .body("expires_at", nullValue());
    }

    @Test
    void escalatesTheSeedsDestructiveOperationWithAnApprovalThatExpiresInAnHour() {
        Response response = decide(containment(freshOrg(), "acme-deployer"));

        response.then().statusCode(200)
                .body("outcome", equalTo("escalate"))
                .body("risk_score", equalTo(70))
                .body("reasons.rule", contains("escalate-destructive"))
                .body("approval_id", notNullValue());
        Instant expiresAt = Instant.parse(response.jsonPath().getString("expires_at"));
        Duration left = Duration.between(Instant.now(), expiresAt);
        assertTrue(left.compareTo(Duration.ofMinutes(58)) > 0 && left.compareTo(Duration.ofMinutes(61)) < 0, left.toString());
    }

    @Test
    void deniesAnOperationOutsidePermittedOperationsWhateverTheRulesSay() {
        Map<String, Object> body = decision(freshOrg(), "acme-deployer", "crowdstrike", "hosts:contain", "destructive", 70,
                List.of("detections:read", "hosts:read"), Map.of("device_id", "abc"));

        decide(body).then().statusCode(200)
                .body("outcome", equalTo("deny"))
                .body("reasons.rule", contains("scope"))
                .body("reasons[0].policy_id", nullValue())
                .body("approval_id", nullValue());
    }

    @Test
    void deniesAReadWhoseRiskReachesTheDenyThreshold() {
        Map<String, Object> body = decision(freshOrg(), "acme-deployer", "splunk", "search:run", "read", 95,
                List.of("search:run"), Map.of());

        decide(body).then().statusCode(200)
                .body("outcome", equalTo("deny"))
                .body("risk_score", equalTo(95))
                .body("reasons.rule", hasItems("allow-read", "risk_threshold"));
    }

    @Test
    void recordsEveryDecisionAsAnAuditRecordWithParamsRedacted() {
        String org = freshOrg();
        Map<String, Object> body = containment(org, "acme-deployer");
        String decisionId = decide(body).then().statusCode(200).extract().path("decision_id");

        List<JsonNode> records = outbox(Topics.AUDIT, decisionId);
        JsonNode decided = records.stream().filter(r -> r.path("data").path("action").asText().equals("policy.decided"))
                .findFirst().orElseThrow();
        JsonNode data = decided.get("data");
        assertEquals(org, decided.get("orgid").asText());
        assertEquals("pending", data.get("outcome").asText());
        assertEquals("service", data.at("/actor/type").asText());
        assertEquals("acme-deployer", data.at("/actor/on_behalf_of").asText());
        assertEquals("hosts:contain", data.at("/details/operation").asText());
        assertEquals(70, data.at("/details/risk_score").asInt());
        assertEquals("escalate-destructive", data.at("/details/reasons/0/rule").asText());
        assertEquals(((Map<?, ?>) body.get("connector")).get("id"), data.at("/details/connector_id").asText());
        assertEquals("abc", data.at("/details/params/device_id").asText(), "id-like params are kept");
        assertEquals("****", data.at("/details/params/comment").asText());
        assertFalse(decided.toString().contains(CANARY), decided.toString());
        assertTrue(records.stream().anyMatch(r -> r.at("/data/action").asText().equals("approval.requested")));
    }

    @Test
    void answersARetriedEscalationWithTheSamePendingApproval() {
        Map<String, Object> body = containment(freshOrg(), "acme-deployer");
        String first = decide(body).then().statusCode(200).extract().path("approval_id");

        decide(body).then().statusCode(200).body("outcome", equalTo("escalate")).body("approval_id", equalTo(first));

        Map<String, Object> otherParams = new HashMap<>(body);
        otherParams.put("params", Map.of("device_id", "other"));
        decide(otherParams).then().statusCode(200).body("approval_id", org.hamcrest.Matchers.not(equalTo(first)));
    }

    @Test
    void refusesUsersAndAnonymousCallers() {
        Map<String, Object> body = containment(freshOrg(), "acme-deployer");
        for (String user : List.of("acme-admin", "acme-deployer", "acme-approver", "acme-viewer")) {
            as(user).body(body).post("/v1/decisions").then().statusCode(403).contentType(PROBLEM_JSON);
        }
        anonymous().body(body).post("/v1/decisions").then().statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    void namesEveryMissingField() {
        asExecutionService().body("{}").post("/v1/decisions").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("org_id", "execution_id", "actor", "connector", "operation"));
        Map<String, Object> body = containment(freshOrg(), "acme-deployer");
        body.put("actor", Map.of("roles", List.of("deployer")));
        body.put("connector", Map.of("type", "crowdstrike"));
        body.put("operation", Map.of("name", "hosts:contain"));
        decide(body).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("actor.subject", "connector.id",
                        "connector.permitted_operations", "operation.class", "operation.base_risk"));
    }

    @Test
    void refusesWrongTypedFields() {
        Map<String, Object> body = containment(freshOrg(), "acme-deployer");
        body.put("operation", Map.of("name", "hosts:contain", "class", "destructive", "base_risk", "high"));
        decide(body).then().statusCode(400).contentType(PROBLEM_JSON).body("errors.field", contains("operation.base_risk"));

        Map<String, Object> badOrg = containment(freshOrg(), "acme-deployer");
        badOrg.put("org_id", "acme");
        decide(badOrg).then().statusCode(400).body("errors.field", contains("org_id"));

        Map<String, Object> badParams = containment(freshOrg(), "acme-deployer");
        badParams.put("params", List.of("not", "an", "object"));
        decide(badParams).then().statusCode(400).body("errors.field", hasItem("params"));

        Map<String, Object> badValues = containment(freshOrg(), "acme-deployer");
        badValues.put("operation", Map.of("name", "Hosts Contain!", "class", "dangerous", "base_risk", 101));
        decide(badValues).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("operation.name", "operation.class", "operation.base_risk"));

        asExecutionService().body("{\"org_id\": ").post("/v1/decisions").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("body"));
    }

    @Test
    void refusesOversizedAndHostileInput() {
        Map<String, Object> big = containment(freshOrg(), "acme-deployer");
        big.put("params", Map.of("blob", "x".repeat(70_000)));
        decide(big).then().statusCode(400).body("errors.field", contains("params"));

        Object nested = "bottom";
        for (int i = 0; i < 30; i++) {
            nested = Map.of("n", nested);
        }
        Map<String, Object> deep = containment(freshOrg(), "acme-deployer");
        deep.put("params", Map.of("deep", nested));
        decide(deep).then().statusCode(400).body("errors.field", contains("params"));

        Map<String, Object> hostile = containment(freshOrg(), "acme-deployer");
        hostile.put("actor", Map.of("subject", "x\u0000'; drop table approvals; --", "roles", List.of("<script>")));
        decide(hostile).then().statusCode(400).body("errors.field", containsInAnyOrder("actor.subject", "actor.roles[0]"));

        asExecutionService().contentType(ContentType.JSON).body("{\"pad\": \"" + "x".repeat(300_000) + "\"}")
                .post("/v1/decisions").then().statusCode(413);
    }
}
