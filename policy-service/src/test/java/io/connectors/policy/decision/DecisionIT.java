package io.connectors.policy.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.events.Topics;
import io.connectors.platform.json.CanonicalJson;
import io.connectors.policy.PolicyServiceProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.connectors.policy.Fixtures.CANARY;
import static io.connectors.policy.Fixtures.PROBLEM_JSON;
import static io.connectors.policy.Fixtures.anonymous;
import static io.connectors.policy.Fixtures.as;
import static io.connectors.policy.Fixtures.asExecutionService;
import static io.connectors.policy.Fixtures.asService;
import static io.connectors.policy.Fixtures.containment;
import static io.connectors.policy.Fixtures.decide;
import static io.connectors.policy.Fixtures.decision;
import static io.connectors.policy.Fixtures.STATISTICS_DELAY;
import static io.connectors.policy.Fixtures.assertValidEvent;
import static io.connectors.policy.Fixtures.committedTransactions;
import static io.connectors.policy.Fixtures.executeAsOwner;
import static io.connectors.policy.Fixtures.json;
import static io.connectors.policy.Fixtures.outbox;
import static io.connectors.policy.Fixtures.queryInOrg;
import static io.connectors.policy.Fixtures.tree;
import static io.connectors.policy.Fixtures.withRaw;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
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
    void recordsAnEscalationsDecisionLogInItsOwnOutboxWithParamsRedacted() {
        String org = freshOrg();
        Map<String, Object> body = containment(org, "acme-deployer");
        String decisionId = decide(body).then().statusCode(200)
                .body("audit_record", nullValue())
                .extract().path("decision_id");

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
    void answersAnAllowWithItsDecisionLogAndWritesNothing() {
        String org = freshOrg();
        Map<String, Object> body = decision(org, "acme-deployer", "crowdstrike", "detections:read", "read", 10,
                List.of("detections:read"), Map.of("device_id", "abc", "filter", CANARY));

        Response response = decide(body);

        response.then().statusCode(200).body("outcome", equalTo("allow"));
        assertDecisionLog(org, body, json(response.asString()), "success");
        assertWroteNothing(body, response.path("decision_id"));
    }

    @Test
    void answersADenyWithItsDecisionLogAndWritesNothing() {
        String org = freshOrg();
        Map<String, Object> body = decision(org, "acme-deployer", "crowdstrike", "hosts:contain", "destructive", 70,
                List.of("detections:read"), Map.of("device_id", "abc", "comment", CANARY));

        Response response = decide(body);

        response.then().statusCode(200).body("outcome", equalTo("deny"));
        assertDecisionLog(org, body, json(response.asString()), "denied");
        assertWroteNothing(body, response.path("decision_id"));
    }

    @Test
    void handsBackTheDecisionLogInTheShapeItsOwnOutboxHoldsOne() {
        String org = freshOrg();
        JsonNode handedBack = json(decide(decision(org, "acme-deployer", "crowdstrike", "detections:read", "read", 10,
                List.of("detections:read"), Map.of("device_id", "abc"))).then().statusCode(200).extract().asString())
                .get("audit_record");
        String escalated = decide(containment(org, "acme-deployer")).then().statusCode(200).extract().path("decision_id");
        JsonNode written = outbox(Topics.AUDIT, escalated).stream()
                .filter(record -> record.at("/data/action").asText().equals("policy.decided")).findFirst().orElseThrow();

        assertEquals(fieldNames(written), fieldNames(handedBack));
        for (String part : List.of("/data", "/data/actor", "/data/target")) {
            assertEquals(fieldNames(written.at(part)), fieldNames(handedBack.at(part)), part);
        }
        Set<String> details = fieldNames(written.at("/data/details"));
        details.remove("approval_id");
        assertEquals(details, fieldNames(handedBack.at("/data/details")));
        assertEquals(written.get("source").asText(), handedBack.get("source").asText());
        assertEquals(written.get("dataschema").asText(), handedBack.get("dataschema").asText());
    }

    @Test
    void escalatesWithTheApprovalAndItsRecordsInOneTransaction() {
        String org = freshOrg();
        Map<String, Object> body = containment(org, "acme-deployer");
        String executionId = (String) body.get("execution_id");
        String function = "refuse_decision_log_" + org.replace("-", "_");
        executeAsOwner("create function " + function + "() returns trigger language plpgsql as"
                        + " $$ begin raise exception 'decision log refused by the test'; end $$",
                "create trigger " + function + " before insert on outbox for each row when (new.org_id = '" + org
                        + "' and new.payload like '%\"policy.decided\"%') execute function " + function + "()");
        try {
            decide(body).then().statusCode(500).contentType(PROBLEM_JSON);
            assertEquals(List.of(), queryInOrg(org, "select id::text from approvals where execution_id = ?",
                    UUID.fromString(executionId)), "no approval without its decision log");
            assertEquals(List.of(), outbox(Topics.APPROVALS, executionId), "no approval event either");
            assertEquals(List.of(), outbox(Topics.AUDIT, executionId));
        } finally {
            executeAsOwner("drop trigger " + function + " on outbox", "drop function " + function + "()");
        }

        String approvalId = decide(body).then().statusCode(200).body("outcome", equalTo("escalate"))
                .body("audit_record", nullValue()).extract().path("approval_id");
        assertEquals(List.of(approvalId), queryInOrg(org, "select id::text from approvals where execution_id = ?",
                UUID.fromString(executionId)));
        assertEquals(List.of("approval.requested", "policy.decided"), outbox(Topics.AUDIT, executionId).stream()
                .map(record -> record.at("/data/action").asText()).sorted().toList());
    }

    /**
     * Counted in PostgreSQL's statistics of the service's database. Background jobs (outbox relay, approval expiry)
     * commit there all the time, so the rate while deciding is compared with the rate just before.
     */
    @Test
    void decidesAllowsAndDeniesWithoutAnyDatabaseTransaction() throws InterruptedException {
        int decisions = 300;
        String org = freshOrg();
        Map<String, Object> allow = decision(org, "acme-deployer", "splunk", "search:run", "read", 10,
                List.of("search:run"), Map.of("query", "index=main"));
        Map<String, Object> deny = decision(org, "acme-deployer", "splunk", "search:delete", "destructive", 10,
                List.of("search:run"), Map.of());
        decide(allow).then().statusCode(200).body("outcome", equalTo("allow")); // loads the org's rules, once
        Thread.sleep(STATISTICS_DELAY.toMillis());

        long idleFrom = committedTransactions();
        long idleStart = System.nanoTime();
        Thread.sleep(STATISTICS_DELAY.toMillis());
        long idleTo = committedTransactions();
        long idleNanos = System.nanoTime() - idleStart;
        long busyStart = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            decide(i % 2 == 0 ? allow : deny).then().statusCode(200)
                    .body("outcome", equalTo(i % 2 == 0 ? "allow" : "deny"));
        }
        Thread.sleep(STATISTICS_DELAY.toMillis());
        long busyTo = committedTransactions();
        long busyNanos = System.nanoTime() - busyStart;

        double background = (double) (idleTo - idleFrom) * busyNanos / idleNanos;
        double byDecisions = busyTo - idleTo - background;
        assertTrue(byDecisions < decisions / 3.0, decisions + " decisions committed about " + Math.round(byDecisions)
                + " transactions (" + (busyTo - idleTo) + " committed, " + Math.round(background) + " expected from"
                + " background jobs)");
    }

    /** {@code answer}'s audit_record: a valid audit event that is exactly this decision's log, params redacted. */
    private static void assertDecisionLog(String org, Map<String, Object> body, JsonNode answer, String outcome) {
        JsonNode record = answer.get("audit_record");
        assertValidEvent("audit.record.v1.json", record);
        String executionId = (String) body.get("execution_id");
        Object connectorId = ((Map<?, ?>) body.get("connector")).get("id");
        assertEquals("/policy-service", record.get("source").asText());
        assertEquals("io.connectors.audit.record.v1", record.get("type").asText());
        assertEquals(org, record.get("orgid").asText());
        assertEquals(executionId, record.get("subject").asText());
        JsonNode data = record.get("data");
        assertEquals("policy.decided", data.get("action").asText());
        assertEquals(answer.get("decision_id").asText(), data.get("decision_id").asText());
        assertEquals(outcome, data.get("outcome").asText());
        assertEquals("policy-service", data.get("source_service").asText());
        assertEquals("execution", data.at("/target/type").asText());
        assertEquals(executionId, data.at("/target/id").asText());
        assertEquals(connectorId, data.at("/target/connector_id").asText());
        assertEquals("service", data.at("/actor/type").asText());
        assertEquals("acme-deployer", data.at("/actor/on_behalf_of").asText());
        JsonNode details = data.get("details");
        assertEquals(answer.get("outcome").asText(), details.get("outcome").asText());
        assertEquals(answer.get("risk_score").asInt(), details.get("risk_score").asInt());
        assertEquals(answer.get("reasons").findValuesAsText("rule"), details.get("reasons").findValuesAsText("rule"));
        assertEquals(executionId, details.get("execution_id").asText());
        assertEquals(connectorId, details.get("connector_id").asText());
        assertEquals(CanonicalJson.sha256(tree(body.get("params"))),
                details.get("params_hash").asText());
        assertEquals("abc", details.at("/params/device_id").asText(), "id-like params are kept");
        details.get("params").properties().stream().filter(param -> !param.getKey().equals("device_id"))
                .forEach(param -> assertEquals("****", param.getValue().asText(), param.getKey()));
        assertFalse(answer.toString().contains(CANARY), answer.toString());
    }

    /** Nothing of the decision is in the service's outbox: execution-service commits its log. */
    private static void assertWroteNothing(Map<String, Object> body, String decisionId) {
        String executionId = (String) body.get("execution_id");
        assertEquals(List.of(), outbox(Topics.AUDIT, decisionId));
        assertEquals(List.of(), outbox(Topics.AUDIT, executionId));
        assertEquals(List.of(), outbox(Topics.APPROVALS, executionId));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
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

    /**
     * Every service client carries role service; only execution-service's holds decisions:request. Another service's
     * token is refused before the body is read: no approval, no decision record, in whichever org the body names.
     */
    @ParameterizedTest
    @ValueSource(strings = {"config-service", "policy-service", "audit-service", "schema-registry"})
    void refusesEveryOtherServicesTokenAndRecordsNothing(String client) {
        String org = freshOrg();
        Map<String, Object> body = containment(org, "acme-deployer");
        String executionId = (String) body.get("execution_id");

        asService(client).body(body).post("/v1/decisions").then().statusCode(403).contentType(PROBLEM_JSON)
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"))
                .body("approval_id", nullValue())
                .body("outcome", nullValue());
        asService(client).body("{}").post("/v1/decisions").then().statusCode(403).contentType(PROBLEM_JSON);

        assertEquals(List.of(), queryInOrg(org, "select id::text from approvals where execution_id = ?",
                UUID.fromString(executionId)));
        assertEquals(List.of(), outbox(Topics.AUDIT, executionId));
        assertEquals(List.of(), outbox(Topics.APPROVALS, executionId));
        // the same body from the rightful caller is decided: the refusal was the token's
        decide(body).then().statusCode(200).body("outcome", equalTo("escalate"));
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

    @Test
    void refusesNumbersBeyondDoubleRangeNamingTheFieldBeforeHashing() {
        for (String huge : List.of("1e400", "-1e400")) {
            Map<String, Object> body = containment(freshOrg(), "acme-deployer");
            body.put("params", Map.of("device_id", "abc", "limits", List.of(1, "RAW")));
            // this was a 500: the params hash could not write the infinity Jackson reads 1e400 as
            asExecutionService().body(withRaw(body, huge)).post("/v1/decisions").then().statusCode(400)
                    .contentType(PROBLEM_JSON)
                    .body("errors.field", contains("params.limits[1]"))
                    .body("errors[0].message", containsString("between"));
            Map<String, Object> risk = containment(freshOrg(), "acme-deployer");
            risk.put("operation", Map.of("name", "hosts:contain", "class", "destructive", "base_risk", "RAW"));
            asExecutionService().body(withRaw(risk, huge)).post("/v1/decisions").then().statusCode(400)
                    .body("errors.field", contains("operation.base_risk"));
            Map<String, Object> unknown = containment(freshOrg(), "acme-deployer");
            unknown.put("weight", "RAW");
            asExecutionService().body(withRaw(unknown, huge)).post("/v1/decisions").then().statusCode(400)
                    .body("errors.field", contains("weight"));
        }
        Map<String, Object> finite = containment(freshOrg(), "acme-deployer");
        finite.put("params", Map.of("device_id", "abc", "max", Double.MAX_VALUE, "tiny", "RAW"));
        asExecutionService().body(withRaw(finite, "1e-400")).post("/v1/decisions").then().statusCode(200)
                .body("outcome", equalTo("escalate"));
    }

    @Test
    void refusesWrongTypesAndUnknownFieldsInsteadOfCoercingOrIgnoringThem() {
        Map<String, Object> operation = Map.of("name", "hosts:contain", "class", "destructive", "base_risk", 70);
        Map<String, Object> actor = Map.of("subject", "s-1", "username", "acme-deployer", "roles", List.of("deployer"));
        Map<String, Object> connector = Map.of("id", UUID.randomUUID().toString(), "type", "crowdstrike",
                "permitted_operations", List.of("hosts:contain"));
        Map<String, Map<String, Object>> parts = Map.of("operation", operation, "actor", actor, "connector", connector);
        Map<String, Object[]> wrong = Map.of(
                "operation.base_risk", new Object[] {70.5, "70", true},
                "operation.class", new Object[] {3, List.of("destructive")},
                "actor.username", new Object[] {0, false},
                "actor.roles", new Object[] {"deployer", Map.of()},
                "connector.type", new Object[] {5},
                "connector.agent_id", new Object[] {"", 1},
                "connector.id", new Object[] {123, "not-a-uuid"},
                "operation.risk", new Object[] {5},
                "connector.secret", new Object[] {"x"});
        wrong.forEach((field, values) -> {
            String[] at = field.split("\\.");
            for (Object value : values) {
                Map<String, Object> body = containment(freshOrg(), "acme-deployer");
                Map<String, Object> part = new HashMap<>(parts.get(at[0]));
                part.put(at[1], value);
                body.put(at[0], part);
                decide(body).then().statusCode(400).contentType(PROBLEM_JSON).body("errors.field", contains(field));
            }
        });
        Map<String, Object> roles = containment(freshOrg(), "acme-deployer");
        roles.put("actor", Map.of("subject", "s-1", "roles", List.of("deployer", 1)));
        decide(roles).then().statusCode(400).body("errors.field", contains("actor.roles[1]"));
        Map<String, Object> extra = containment(freshOrg(), "acme-deployer");
        extra.put("execution_id", 12);
        extra.put("mode", "sync");
        decide(extra).then().statusCode(400).body("errors.field", containsInAnyOrder("execution_id", "mode"))
                .body("errors.message", hasItem("unknown field"));
        asExecutionService().body("[]").post("/v1/decisions").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("body"));
    }

    @Test
    void refusesControlCharactersInEveryTextFieldNamingIt() {
        Map<String, Map<String, Object>> parts = Map.of(
                "operation", Map.of("name", "hosts:contain", "class", "destructive", "base_risk", 70),
                "actor", Map.of("subject", "s-1", "username", "acme-deployer"),
                "connector", Map.of("id", UUID.randomUUID().toString(), "type", "crowdstrike",
                        "permitted_operations", List.of("hosts:contain")));
        for (String field : List.of("operation.name", "operation.class", "actor.subject", "actor.username",
                "connector.type")) {
            for (String control : List.of("\u0000", "\u0007", "\n", "\u009b")) {
                String[] at = field.split("\\.");
                Map<String, Object> body = containment(freshOrg(), "acme-deployer");
                Map<String, Object> part = new HashMap<>(parts.get(at[0]));
                part.put(at[1], part.get(at[1]) + control);
                body.put(at[0], part);
                decide(body).then().statusCode(400).contentType(PROBLEM_JSON).body("errors.field", contains(field));
            }
        }
        Map<String, Object> lists = containment(freshOrg(), "acme-deployer");
        lists.put("actor", Map.of("subject", "s-1", "roles", List.of("deployer\u0000")));
        lists.put("connector", Map.of("id", UUID.randomUUID().toString(), "type", "crowdstrike",
                "permitted_operations", List.of("hosts:contain", "hosts:contain\u0000")));
        decide(lists).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("actor.roles[0]", "connector.permitted_operations[1]"));

        // params are the connector's input (checked against its type by execution-service): bound and hashed as
        // they are, their control characters escaped in canonical JSON, never a 500
        Map<String, Object> params = containment(freshOrg(), "acme-deployer");
        params.put("params", Map.of("device_id", "abc", "comment", "a\u0000b"));
        decide(params).then().statusCode(200).body("outcome", equalTo("escalate"));
    }
}
