package io.connectors.policy.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.events.Topics;
import io.connectors.policy.PolicyServiceProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.connectors.policy.Fixtures.GLOBEX;
import static io.connectors.policy.Fixtures.PROBLEM_JSON;
import static io.connectors.policy.Fixtures.anonymous;
import static io.connectors.policy.Fixtures.as;
import static io.connectors.policy.Fixtures.asExecutionService;
import static io.connectors.policy.Fixtures.decide;
import static io.connectors.policy.Fixtures.decision;
import static io.connectors.policy.Fixtures.outbox;
import static io.connectors.policy.Fixtures.withRaw;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Policy CRUD, versions, thresholds and dry runs. Policies are written in globex (acme's decisions in the other
 * tests rely on its built-in default) and each test removes what it wrote.
 */
@QuarkusTest
@TestProfile(PolicyServiceProfile.class)
class PolicyIT {

    private static Map<String, Object> policy(String name, String expression, String effect, int riskWeight) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", "test policy " + name);
        body.put("expression", expression);
        body.put("effect", effect);
        body.put("risk_weight", riskWeight);
        return body;
    }

    private static String create(Map<String, Object> body) {
        return as("globex-admin").body(body).post("/v1/policies").then().statusCode(201).extract().path("id");
    }

    private static void delete(String id) {
        as("globex-admin").delete("/v1/policies/" + id).then().statusCode(204);
    }

    private static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A containment in globex on device {@code device}. */
    private static Map<String, Object> containment(String device) {
        return decision(GLOBEX, "globex-deployer", "crowdstrike", "hosts:contain", "destructive", 70,
                List.of("detections:read", "hosts:contain"), Map.of("device_id", device));
    }

    @Test
    void appliesACreatedPolicyToDecisionsUntilItIsDeleted() {
        String device = UUID.randomUUID().toString();
        String name = unique("protect prod db");
        String id = as("globex-admin").body(policy(name,
                        "operation.name == 'hosts:contain' && params.device_id == '" + device + "'", "deny", 20))
                .post("/v1/policies").then().statusCode(201)
                .header("Location", containsString("/v1/policies/"))
                .body("version", equalTo(1))
                .body("effect", equalTo("deny"))
                .body("enabled", equalTo(true))
                .extract().path("id");

        decide(containment(device)).then().statusCode(200)
                .body("outcome", equalTo("deny"))
                .body("risk_score", equalTo(90))
                .body("reasons[0].policy_id", equalTo(id))
                .body("reasons[0].rule", equalTo(name));
        decide(containment("another-host")).then().statusCode(200).body("outcome", equalTo("escalate"));

        delete(id);
        decide(containment(device)).then().statusCode(200).body("outcome", equalTo("escalate"));
        as("globex-admin").get("/v1/policies/" + id).then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void refusesInvalidCelNamingThePosition() {
        String name = unique("broken");
        as("globex-admin").body(policy(name, "operation.name == ", "deny", 0)).post("/v1/policies")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("expression"))
                .body("errors[0].message", startsWith("line 1, column "));
        as("globex-admin").body(policy(name, "operation.name == 'x' &&\n  unknown_var > 3", "deny", 0))
                .post("/v1/policies").then().statusCode(400)
                .body("errors.field", contains("expression"))
                .body("errors[0].message", startsWith("line 2, column 3"))
                .body("errors[0].message", containsString("unknown_var"));
        as("globex-admin").body(policy(name, "operation.base_risk + 1", "deny", 0)).post("/v1/policies")
                .then().statusCode(400).body("errors.field", contains("expression"));
        as("globex-admin").body(policy(name, "now - 5", "deny", 0)).post("/v1/policies")
                .then().statusCode(400).body("errors.field", contains("expression"));

        as("globex-auditor").get("/v1/policies?page_size=100").then().statusCode(200)
                .body("policies.name", not(hasItem(name)));
    }

    @Test
    void versionsEveryChangeAndKeepsItsHistory() {
        Map<String, Object> body = policy(unique("night containment"), "operation.class == 'destructive'", "escalate", 10);
        String id = create(body);
        body.put("expression", "operation.class == 'destructive' && now.getHours() >= 22");
        as("globex-admin").body(body).put("/v1/policies/" + id).then().statusCode(200).body("version", equalTo(2));
        body.put("enabled", false);
        as("globex-admin").body(body).put("/v1/policies/" + id).then().statusCode(200)
                .body("version", equalTo(3)).body("enabled", equalTo(false));

        as("globex-auditor").get("/v1/policies/" + id + "/versions").then().statusCode(200)
                .body("policy_id", equalTo(id))
                .body("versions.version", contains(1, 2, 3))
                .body("versions.change", contains("created", "updated", "updated"))
                .body("versions[0].expression", equalTo("operation.class == 'destructive'"))
                .body("versions[2].enabled", equalTo(false))
                .body("versions[2].changed_by", equalTo("globex-admin"));
        List<JsonNode> audit = outbox(Topics.AUDIT, id);
        assertEquals(3, audit.stream().filter(r -> r.at("/data/action").asText().equals("policy.changed")).count());

        delete(id);
        assertTrue(outbox(Topics.AUDIT, id).stream().anyMatch(r -> r.at("/data/details/change").asText().equals("deleted")));
    }

    @Test
    void showsTheBuiltInDefaultWhileTheOrgHasNoEnabledPolicy() {
        as("acme-auditor").get("/v1/policies").then().statusCode(200)
                .body("default_in_effect", equalTo(true))
                .body("built_in_policies.name", contains("allow-read", "escalate-destructive"))
                .body("built_in_policies.expression", hasItem("operation.class == 'destructive'"))
                .body("built_in_policies[0].built_in", equalTo(true));
    }

    @Test
    void letsOnlyAdminsWriteAndAdminsOrAuditorsRead() {
        String id = create(policy(unique("role matrix"), "operation.class == 'write'", "escalate", 0));
        Map<String, Object> body = policy(unique("not allowed"), "true", "deny", 0);
        try {
            for (String user : List.of("globex-deployer", "globex-approver", "globex-viewer")) {
                as(user).get("/v1/policies").then().statusCode(403).contentType(PROBLEM_JSON);
                as(user).get("/v1/policies/" + id).then().statusCode(403);
                as(user).body(body).post("/v1/policies").then().statusCode(403);
            }
            as("globex-auditor").get("/v1/policies/" + id).then().statusCode(200).body("id", equalTo(id));
            as("globex-auditor").get("/v1/policies/settings").then().statusCode(200);
            as("globex-auditor").body(body).post("/v1/policies").then().statusCode(403);
            as("globex-auditor").body(body).put("/v1/policies/" + id).then().statusCode(403);
            as("globex-auditor").delete("/v1/policies/" + id).then().statusCode(403);
            as("globex-auditor").body(Map.of("escalate_threshold", 0, "deny_threshold", 100))
                    .put("/v1/policies/settings").then().statusCode(403);
            as("globex-auditor").body(Map.of("input", Map.of())).post("/v1/policies/evaluate").then().statusCode(403);
            asExecutionService().get("/v1/policies").then().statusCode(403);
            anonymous().get("/v1/policies").then().statusCode(401).contentType(PROBLEM_JSON);
            anonymous().body(body).post("/v1/policies").then().statusCode(401);
            as("globex-admin").get("/v1/policies/" + id).then().statusCode(200).body("version", equalTo(1));
        } finally {
            delete(id);
        }
    }

    @Test
    void hidesAnotherOrgsPolicies() {
        Map<String, Object> body = policy(unique("globex only"), "operation.class == 'write'", "escalate", 0);
        String id = create(body);
        try {
            as("acme-admin").get("/v1/policies/" + id).then().statusCode(404).contentType(PROBLEM_JSON);
            as("acme-admin").get("/v1/policies/" + id + "/versions").then().statusCode(404);
            as("acme-admin").body(body).put("/v1/policies/" + id).then().statusCode(404);
            as("acme-admin").delete("/v1/policies/" + id).then().statusCode(404);
            as("acme-admin").get("/v1/policies?page_size=100").then().statusCode(200)
                    .body("policies.id", not(hasItem(id)));
            as("globex-admin").get("/v1/policies/" + id).then().statusCode(200).body("version", equalTo(1));
        } finally {
            delete(id);
        }
    }

    @Test
    void dryRunsDraftsWithoutRecordingAnything() {
        String device = UUID.randomUUID().toString();
        Map<String, Object> decision = containment(device);
        Map<String, Object> input = new HashMap<>(decision);
        input.remove("org_id");
        input.remove("execution_id");
        Map<String, Object> draft = policy("draft", "params.device_id == '" + device + "'", "deny", 25);

        as("globex-admin").body(Map.of("input", input, "policies", List.of(draft))).post("/v1/policies/evaluate")
                .then().statusCode(200)
                .body("outcome", equalTo("deny"))
                .body("risk_score", equalTo(95))
                .body("reasons.rule", hasItem("draft"));
        as("globex-admin").body(Map.of("input", input)).post("/v1/policies/evaluate").then().statusCode(200)
                .body("outcome", equalTo("escalate"))
                .body("reasons.rule", not(hasItem("draft")));

        assertEquals(List.of(), outbox(Topics.AUDIT, device), "a dry run records nothing");
        assertEquals(List.of(), outbox(Topics.APPROVALS, device), "a dry run requests no approval");
    }

    @Test
    void refusesInvalidDryRuns() {
        as("globex-admin").body("{}").post("/v1/policies/evaluate").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("input"));
        Map<String, Object> input = new HashMap<>(containment("abc"));
        input.put("operation", Map.of("name", "hosts:contain"));
        as("globex-admin").body(Map.of("input", input, "policies",
                        List.of(policy("bad", "params.device_id ==", "deny", 0))))
                .post("/v1/policies/evaluate").then().statusCode(400)
                .body("errors.field", hasItems("input.operation.class", "policies[0].expression"));
    }

    @Test
    void decidesWithTheOrgsThresholds() {
        try {
            as("globex-admin").body(Map.of("escalate_threshold", 20, "deny_threshold", 60)).put("/v1/policies/settings")
                    .then().statusCode(200)
                    .body("escalate_threshold", equalTo(20))
                    .body("deny_threshold", equalTo(60));
            Map<String, Object> read = decision(GLOBEX, "globex-deployer", "crowdstrike", "detections:read", "read", 30,
                    List.of("detections:read"), Map.of());
            decide(read).then().statusCode(200).body("outcome", equalTo("escalate"))
                    .body("reasons.rule", hasItem("risk_threshold"));
            Map<String, Object> riskyRead = decision(GLOBEX, "globex-deployer", "crowdstrike", "detections:read", "read",
                    65, List.of("detections:read"), Map.of());
            decide(riskyRead).then().statusCode(200).body("outcome", equalTo("deny"));
        } finally {
            as("globex-admin").body(Map.of("escalate_threshold", 50, "deny_threshold", 90)).put("/v1/policies/settings")
                    .then().statusCode(200);
        }
    }

    @Test
    void refusesInvalidThresholds() {
        as("globex-admin").body(Map.of("escalate_threshold", 95, "deny_threshold", 90)).put("/v1/policies/settings")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("errors.field", contains("escalate_threshold"));
        as("globex-admin").body(Map.of("escalate_threshold", -1)).put("/v1/policies/settings")
                .then().statusCode(400).body("errors.field", hasItems("escalate_threshold", "deny_threshold"));
        as("globex-admin").body(Map.of("escalate_threshold", "high", "deny_threshold", 90)).put("/v1/policies/settings")
                .then().statusCode(400).contentType(PROBLEM_JSON);
        as("globex-admin").get("/v1/policies/settings").then().statusCode(200)
                .body("escalate_threshold", equalTo(50)).body("deny_threshold", equalTo(90));
    }

    @Test
    void refusesMissingWrongTypedOversizedAndHostilePolicies() {
        as("globex-admin").body("{}").post("/v1/policies").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", hasItems("name", "effect", "expression"));
        Map<String, Object> body = policy("<script>alert(1)</script>", "x".repeat(5000), "block", 101);
        body.put("priority", 5000);
        as("globex-admin").body(body).post("/v1/policies").then().statusCode(400)
                .body("errors.field", hasItems("name", "expression", "effect", "risk_weight", "priority"));
        Map<String, Object> wrongType = policy(unique("typed"), "true", "deny", 0);
        wrongType.put("risk_weight", "high");
        as("globex-admin").body(wrongType).post("/v1/policies").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("risk_weight"));
        as("globex-admin").contentType(ContentType.JSON).body("{\"name\": ").post("/v1/policies")
                .then().statusCode(400).contentType(PROBLEM_JSON);
        as("globex-admin").body("{\"pad\": \"" + "x".repeat(300_000) + "\"}")
                .post("/v1/policies").then().statusCode(413);
        as("globex-admin").body(policy(unique("none"), "true", "deny", 0)).put("/v1/policies/" + UUID.randomUUID())
                .then().statusCode(404);
        as("globex-admin").get("/v1/policies/not-a-uuid").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void refusesADuplicateName() {
        Map<String, Object> body = policy(unique("unique name"), "operation.class == 'write'", "escalate", 0);
        String id = create(body);
        try {
            as("globex-admin").body(body).post("/v1/policies").then().statusCode(409).contentType(PROBLEM_JSON);
        } finally {
            delete(id);
        }
    }

    @Test
    void refusesNulAndControlCharactersInEveryTextFieldNamingIt() {
        String name = unique("control");
        // compiles (the NUL is in a comment), but PostgreSQL cannot store it: this was a 500
        Map<String, Object> nul = policy(name, "false // \u0000", "deny", 0);
        as("globex-admin").body(nul).post("/v1/policies").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("expression"));
        for (String field : List.of("name", "description", "effect")) {
            Map<String, Object> body = policy(unique("control"), "true", "deny", 0);
            body.put(field, body.get(field) + "\u0000");
            as("globex-admin").body(body).post("/v1/policies").then().statusCode(400).contentType(PROBLEM_JSON)
                    .body("errors.field", contains(field));
        }
        Map<String, Object> bell = policy(name, "true \u0007", "deny", 0);
        bell.put("description", "unpaired \uD800 surrogate");
        as("globex-admin").body(bell).post("/v1/policies").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("expression", "description"));

        Map<String, Object> multiline = policy(name, "operation.class == 'write' &&\r\n\tparams.x == 'y'", "deny", 0);
        multiline.put("description", "line one\nline two\twith a tab");
        String id = create(multiline);
        try {
            as("globex-admin").body(nul).put("/v1/policies/" + id).then().statusCode(400).contentType(PROBLEM_JSON)
                    .body("errors.field", contains("expression"));
            as("globex-admin").get("/v1/policies/" + id).then().statusCode(200).body("version", equalTo(1));
        } finally {
            delete(id);
        }
        as("globex-admin").queryParam("page", "\u0000").get("/v1/policies").then().statusCode(400)
                .contentType(PROBLEM_JSON).body("errors.field", contains("page"));
        as("globex-admin").get("/v1/policies/{id}", "\u0000").then().statusCode(404).contentType(PROBLEM_JSON);
    }

    @Test
    void refusesWrongTypesInsteadOfCoercingThem() {
        String name = unique("coerced");
        Map<String, Object[]> wrong = new LinkedHashMap<>();
        wrong.put("enabled", new Object[] {"", -1, " ", "true", 1});
        wrong.put("name", new Object[] {0, true, List.of(name)});
        wrong.put("risk_weight", new Object[] {1.5, "10", ""});
        wrong.put("priority", new Object[] {"", "1", 0.5, 1e10});
        wrong.put("expression", new Object[] {true, Map.of("cel", "true")});
        wrong.put("description", new Object[] {1});
        String id = create(policy(name, "operation.class == 'write'", "escalate", 0));
        try {
            wrong.forEach((field, values) -> {
                for (Object value : values) {
                    Map<String, Object> body = policy(name, "true", "deny", 0);
                    body.put(field, value);
                    as("globex-admin").body(body).post("/v1/policies").then().statusCode(400).contentType(PROBLEM_JSON)
                            .body("errors.field", contains(field));
                    as("globex-admin").body(body).put("/v1/policies/" + id).then().statusCode(400)
                            .body("errors.field", contains(field));
                }
            });
            as("globex-admin").get("/v1/policies/" + id).then().statusCode(200)
                    .body("version", equalTo(1)).body("enabled", equalTo(true));
            Map<String, Object> whole = policy(name, "operation.class == 'write'", "escalate", 0);
            whole.put("risk_weight", 5.0);
            as("globex-admin").body(whole).put("/v1/policies/" + id).then().statusCode(200).body("risk_weight", equalTo(5));
        } finally {
            delete(id);
        }
        as("globex-admin").body("[]").post("/v1/policies").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("body"));
        as("globex-admin").body("\"policy\"").post("/v1/policies").then().statusCode(400).contentType(PROBLEM_JSON);
    }

    @Test
    @SuppressWarnings("unchecked")
    void refusesUnknownAndReadOnlyFields() {
        String name = unique("unknown");
        Map<String, Object> unknown = policy(name, "true", "deny", 0);
        unknown.put("riskweight", 10);
        as("globex-admin").body(unknown).post("/v1/policies").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("riskweight"))
                .body("errors[0].message", equalTo("unknown field"));
        String id = create(policy(name, "operation.class == 'write'", "escalate", 0));
        try {
            Map<String, Object> readOnly = policy(name, "operation.class == 'write'", "escalate", 0);
            readOnly.put("version", 7);
            readOnly.put("id", UUID.randomUUID().toString());
            as("globex-admin").body(readOnly).put("/v1/policies/" + id).then().statusCode(400)
                    .body("errors.field", containsInAnyOrder("version", "id"))
                    .body("errors.message", everyItem(equalTo("is read-only")));
            as("globex-admin").body(unknown).put("/v1/policies/" + id).then().statusCode(400)
                    .body("errors.field", contains("riskweight"));
        } finally {
            delete(id);
        }

        Map<String, Object> settings = new LinkedHashMap<>(Map.of("escalate_threshold", 10, "deny_threshold", 20));
        settings.put("policy_set_version", 1);
        settings.put("deny_threshhold", 20);
        as("globex-admin").body(settings).put("/v1/policies/settings").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("policy_set_version", "deny_threshhold"));

        Map<String, Object> input = dryRunInput("abc");
        input.put("org_id", GLOBEX);
        Map<String, Object> actor = new HashMap<>((Map<String, Object>) input.get("actor"));
        actor.put("admin", true);
        input.put("actor", actor);
        Map<String, Object> draft = policy("draft", "true", "deny", 0);
        draft.put("when", "now");
        as("globex-admin").body(Map.of("input", input, "policies", List.of(draft), "dry", true))
                .post("/v1/policies/evaluate").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("dry", "input.org_id", "input.actor.admin", "policies[0].when"));
        as("globex-admin").get("/v1/policies/settings").then().statusCode(200)
                .body("escalate_threshold", equalTo(50)).body("deny_threshold", equalTo(90));
    }

    @Test
    void refusesWrongTypedThresholdsAndDryRuns() {
        for (Object value : new Object[] {1.5, "", "50", true, 1e10}) {
            Map<String, Object> body = new HashMap<>(Map.of("deny_threshold", 90));
            body.put("escalate_threshold", value);
            as("globex-admin").body(body).put("/v1/policies/settings").then().statusCode(400).contentType(PROBLEM_JSON)
                    .body("errors.field", contains("escalate_threshold"));
        }
        as("globex-admin").body("{\"escalate_threshold\": 1e400, \"deny_threshold\": -1e400}")
                .put("/v1/policies/settings").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("escalate_threshold", "deny_threshold"));
        as("globex-admin").get("/v1/policies/settings").then().statusCode(200).body("escalate_threshold", equalTo(50));

        Map<String, Object> input = dryRunInput("abc");
        input.put("operation", Map.of("name", "hosts:contain", "class", "destructive", "base_risk", 70.5));
        input.put("connector", Map.of("id", 7, "type", "crowdstrike", "permitted_operations", "hosts:contain"));
        Map<String, Object> draft = policy("draft", "true", "deny", 0);
        draft.put("enabled", "");
        as("globex-admin").body(Map.of("input", input, "policies", List.of(draft, "not a policy")))
                .post("/v1/policies/evaluate").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("input.operation.base_risk", "input.connector.id",
                        "input.connector.permitted_operations", "policies[0].enabled", "policies[1]"));
        as("globex-admin").body(Map.of("input", "everything")).post("/v1/policies/evaluate").then().statusCode(400)
                .body("errors.field", contains("input"));
        as("globex-admin").body("{\"input\": {}, \"policies\": {}}").post("/v1/policies/evaluate").then()
                .statusCode(400).body("errors.field", hasItems("policies", "input.actor"));
        Map<String, Object> hostile = dryRunInput("abc");
        hostile.put("actor", Map.of("subject", "s", "username", "x\u0000y"));
        as("globex-admin").body(Map.of("input", hostile)).post("/v1/policies/evaluate").then().statusCode(400)
                .body("errors.field", contains("input.actor.username"));
        as("globex-admin").body("{\"input\": {\"pad\": \"" + "x".repeat(300_000) + "\"}}")
                .post("/v1/policies/evaluate").then().statusCode(413).contentType(PROBLEM_JSON);
        as("globex-admin").body("{\"escalate_threshold\": \"" + "x".repeat(300_000) + "\"}")
                .put("/v1/policies/settings").then().statusCode(413).contentType(PROBLEM_JSON);
    }

    @Test
    void refusesNumbersBeyondDoubleRangeNamingTheFieldBeforeHashing() {
        for (String huge : List.of("1e400", "-1e400")) {
            Map<String, Object> input = dryRunInput("abc");
            input.put("params", Map.of("device_id", "abc", "filters", List.of(Map.of("limit", "RAW"))));
            // this was a 500: the params' canonical JSON could not write the infinity Jackson reads 1e400 as
            as("globex-admin").contentType(ContentType.JSON).body(withRaw(Map.of("input", input), huge))
                    .post("/v1/policies/evaluate").then().statusCode(400).contentType(PROBLEM_JSON)
                    .body("errors.field", contains("input.params.filters[0].limit"));
            Map<String, Object> draft = policy("draft", "true", "deny", 0);
            draft.put("risk_weight", "RAW");
            as("globex-admin").contentType(ContentType.JSON)
                    .body(withRaw(Map.of("input", dryRunInput("abc"), "policies", List.of(draft)), huge))
                    .post("/v1/policies/evaluate").then().statusCode(400)
                    .body("errors.field", contains("policies[0].risk_weight"));
            Map<String, Object> policy = policy(unique("huge"), "true", "deny", 0);
            policy.put("priority", "RAW");
            as("globex-admin").contentType(ContentType.JSON).body(withRaw(policy, huge)).post("/v1/policies")
                    .then().statusCode(400).contentType(PROBLEM_JSON).body("errors.field", contains("priority"));
        }
        Map<String, Object> input = dryRunInput("abc");
        input.put("params", Map.of("big", 1e300, "tiny", 1e-300));
        as("globex-admin").body(Map.of("input", input)).post("/v1/policies/evaluate").then().statusCode(200);
    }

    /** A dry run's input: a containment in globex on {@code device}, without the decision's org and execution ids. */
    private static Map<String, Object> dryRunInput(String device) {
        Map<String, Object> input = new HashMap<>(containment(device));
        input.remove("org_id");
        input.remove("execution_id");
        return input;
    }
}
