package io.connectors.policy.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.events.Topics;
import io.connectors.platform.json.CanonicalJson;
import io.connectors.platform.signing.Ed25519Keys;
import io.connectors.platform.signing.EventVerifier;
import io.connectors.platform.testing.ForgedApprovals;
import io.connectors.policy.PolicyServiceProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.connectors.policy.Fixtures.ACME;
import static io.connectors.policy.Fixtures.CANARY;
import static io.connectors.policy.Fixtures.PROBLEM_JSON;
import static io.connectors.policy.Fixtures.anonymous;
import static io.connectors.policy.Fixtures.as;
import static io.connectors.policy.Fixtures.asExecutionService;
import static io.connectors.policy.Fixtures.assertValidEvent;
import static io.connectors.policy.Fixtures.awaitEvent;
import static io.connectors.policy.Fixtures.bare;
import static io.connectors.policy.Fixtures.containment;
import static io.connectors.policy.Fixtures.decide;
import static io.connectors.policy.Fixtures.outbox;
import static io.connectors.policy.Fixtures.subjectOf;
import static io.connectors.policy.Fixtures.updateInOrg;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Approval requests end to end: escalation, the approvers' decisions, expiry, and the events on Kafka. */
@QuarkusTest
@TestProfile(PolicyServiceProfile.class)
class ApprovalIT {

    private static final String APPROVAL_SCHEMA = "approval.v1.json";

    /** Escalates {@code body} (a destructive operation under acme's policies) and returns the approval id. */
    private static String requestApproval(Map<String, Object> body) {
        return decide(body).then().statusCode(200).body("outcome", equalTo("escalate")).extract().path("approval_id");
    }

    private static Response approve(String user, String id) {
        return as(user).post("/v1/approvals/" + id + "/approve");
    }

    private static Response reject(String user, String id) {
        return as(user).post("/v1/approvals/" + id + "/reject");
    }

    @Test
    void grantedApprovalLetsItsExecutionThroughExactlyOnce() {
        Map<String, Object> body = containment(ACME, "acme-deployer");
        String id = requestApproval(body);

        as("acme-approver").body("{\"reason\": \"contain the host\"}").post("/v1/approvals/" + id + "/approve")
                .then().statusCode(200)
                .body("status", equalTo("granted"))
                .body("decided_by.username", equalTo("acme-approver"))
                .body("reason", equalTo("contain the host"));

        String decisionId = decide(body).then().statusCode(200)
                .body("outcome", equalTo("allow"))
                .body("reasons.rule", hasItem("approval"))
                .body("approval_id", nullValue())
                .body("audit_record", nullValue())
                .extract().path("decision_id");
        String next = requestApproval(body);
        assertNotEquals(id, next, "a granted approval is used once");
        // using the approval up is a write here, so its decision log is committed with it and not handed back
        JsonNode decided = outbox(Topics.AUDIT, decisionId).stream()
                .filter(record -> record.at("/data/action").asText().equals("policy.decided")).findFirst().orElseThrow();
        assertEquals("success", decided.at("/data/outcome").asText());
        assertEquals(id, decided.at("/data/details/approval_id").asText());
    }

    @Test
    void bindsAnApprovalToTheExactParams() {
        Map<String, Object> body = containment(ACME, "acme-deployer");
        String id = requestApproval(body);
        approve("acme-approver", id).then().statusCode(200);

        Map<String, Object> otherDevice = new HashMap<>(body);
        otherDevice.put("params", Map.of("device_id", "another-host"));
        String other = requestApproval(otherDevice);

        assertNotEquals(id, other);
        decide(body).then().statusCode(200).body("outcome", equalTo("allow"));
    }

    @Test
    void publishesEveryTransitionOnTheApprovalsTopicAndAuditsIt() {
        Map<String, Object> body = containment(ACME, "acme-deployer");
        String id = requestApproval(body);

        JsonNode requested = awaitEvent(Topics.APPROVALS, id, event -> event.at("/data/status").asText().equals("requested"));
        assertValidEvent(APPROVAL_SCHEMA, requested);
        JsonNode data = requested.get("data");
        assertEquals(ACME, requested.get("orgid").asText());
        assertEquals(body.get("execution_id"), data.get("execution_id").asText());
        assertEquals(((Map<?, ?>) body.get("connector")).get("id"), data.get("connector_id").asText());
        assertEquals("hosts:contain", data.get("operation").asText());
        assertEquals("abc", data.at("/params/device_id").asText());
        assertEquals(CanonicalJson.sha256(data.get("params")), data.get("params_hash").asText());
        assertEquals(subjectOf("acme-deployer"), data.get("requested_by").asText());

        as("acme-approver").body("{\"reason\": \"not during business hours\"}").post("/v1/approvals/" + id + "/reject")
                .then().statusCode(200).body("status", equalTo("rejected"));
        JsonNode rejected = awaitEvent(Topics.APPROVALS, id, event -> event.at("/data/status").asText().equals("rejected"));
        assertValidEvent(APPROVAL_SCHEMA, rejected);
        assertEquals(subjectOf("acme-approver"), rejected.at("/data/decided_by").asText());
        assertEquals("not during business hours", rejected.at("/data/reason").asText());

        List<JsonNode> audit = outbox(Topics.AUDIT, id);
        List<String> actions = audit.stream().map(record -> record.at("/data/action").asText()).toList();
        assertTrue(actions.containsAll(List.of("approval.requested", "approval.rejected")), actions.toString());
        assertFalse(audit.toString().contains(CANARY), "params values are redacted in audit records");
    }

    /**
     * Issue 13: anyone who could write the topic built a granted event from what a viewer reads at
     * {@code GET /v1/approvals/{id}}. Every event policy-service publishes carries a signature that verifies under
     * the public key of its key file (execution-service's check), and that forgery, or a genuine signature moved onto
     * it, does not.
     */
    @Test
    void signsEveryApprovalEventSoAGrantBuiltFromTheViewersReadDoesNotVerify() throws Exception {
        Path keyFile = Path.of(PolicyServiceProfile.SIGNING_KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        EventVerifier verifier = new EventVerifier(Map.of(PolicyServiceProfile.SIGNING_KEY_ID, Ed25519Keys.publicKey(
                Files.readString(Path.of(keyFile + ".pub")).replaceAll("-----[A-Z ]+-----", ""), "the test key")));
        String id = requestApproval(containment(ACME, "acme-deployer"));
        JsonNode view = as("acme-viewer").get("/v1/approvals/" + id).then().statusCode(200).extract().as(JsonNode.class);
        approve("acme-approver", id).then().statusCode(200);

        JsonNode requested = awaitEvent(Topics.APPROVALS, id, event -> event.at("/data/status").asText().equals("requested"));
        JsonNode granted = awaitEvent(Topics.APPROVALS, id, event -> event.at("/data/status").asText().equals("granted"));
        for (JsonNode event : List.of(requested, granted)) {
            assertValidEvent(APPROVAL_SCHEMA, event);
            assertEquals(PolicyServiceProfile.SIGNING_KEY_ID, event.at("/data/signature/key_id").asText());
            EventVerifier.Verification verification = verifier.verify(event);
            assertTrue(verification.valid(), verification.refusal());
        }

        ObjectNode forged = ForgedApprovals.grantedFrom(view, ACME, UUID.randomUUID().toString(), subjectOf("acme-viewer"));
        assertValidEvent(APPROVAL_SCHEMA, forged);
        assertEquals("unsigned: the event carries no signature", verifier.verify(forged).refusal());

        ((ObjectNode) forged.get("data")).set("signature", granted.at("/data/signature"));
        assertTrue(verifier.verify(forged).refusal().startsWith("the signature does not verify"),
                "a genuine signature covers its own event only");
    }

    @Test
    void neverLetsTheRequesterApproveItsOwnRequest() {
        String byApprover = requestApproval(containment(ACME, "acme-approver"));
        approve("acme-approver", byApprover).then().statusCode(403).contentType(PROBLEM_JSON);
        bare("acme-approver2").post("/v1/approvals/" + byApprover + "/approve").then().statusCode(200)
                .body("status", equalTo("granted"));

        String byAdmin = requestApproval(containment(ACME, "acme-admin"));
        approve("acme-admin", byAdmin).then().statusCode(403).contentType(PROBLEM_JSON);
        as("acme-viewer").get("/v1/approvals/" + byAdmin).then().statusCode(200).body("status", equalTo("pending"));
    }

    @Test
    void refusesASecondDecisionOnTheSameApproval() {
        String id = requestApproval(containment(ACME, "acme-deployer"));
        approve("acme-approver", id).then().statusCode(200);

        approve("acme-approver2", id).then().statusCode(409).contentType(PROBLEM_JSON);
        reject("acme-admin", id).then().statusCode(409).contentType(PROBLEM_JSON);
        as("acme-viewer").get("/v1/approvals/" + id).then().statusCode(200)
                .body("status", equalTo("granted"))
                .body("decided_by.username", equalTo("acme-approver"));
    }

    @Test
    void refusesToGrantAnExpiredApprovalAndTheJobMarksItExpired() {
        String id = requestApproval(containment(ACME, "acme-deployer"));
        assertEquals(1, updateInOrg(ACME, "update approvals set expires_at = now() - interval '1 minute' where id = ?",
                UUID.fromString(id)));

        approve("acme-approver", id).then().statusCode(409).contentType(PROBLEM_JSON)
                .body("detail", containsString("expired"));
        JsonNode expired = awaitEvent(Topics.APPROVALS, id, event -> event.at("/data/status").asText().equals("expired"));
        assertValidEvent(APPROVAL_SCHEMA, expired);
        as("acme-viewer").get("/v1/approvals/" + id).then().statusCode(200).body("status", equalTo("expired"));
        as("acme-viewer").get("/v1/approvals?status=expired&page_size=100").then().statusCode(200)
                .body("approvals.id", hasItem(id));
        as("acme-viewer").get("/v1/approvals?status=pending&page_size=100").then().statusCode(200)
                .body("approvals.id", not(hasItem(id)));
        assertTrue(outbox(Topics.AUDIT, id).stream()
                .anyMatch(record -> record.at("/data/action").asText().equals("approval.expired")));
    }

    @Test
    void letsOnlyApproversAndAdminsDecide() {
        String id = requestApproval(containment(ACME, "acme-deployer"));
        for (String user : List.of("acme-deployer", "acme-auditor", "acme-viewer")) {
            approve(user, id).then().statusCode(403).contentType(PROBLEM_JSON);
            reject(user, id).then().statusCode(403).contentType(PROBLEM_JSON);
        }
        asExecutionService().post("/v1/approvals/" + id + "/approve").then().statusCode(403);
        anonymous().post("/v1/approvals/" + id + "/approve").then().statusCode(401);
        anonymous().get("/v1/approvals").then().statusCode(401);

        reject("acme-admin", id).then().statusCode(200).body("status", equalTo("rejected"));
    }

    @Test
    void letsAnyUserOfTheOrgReadApprovals() {
        Map<String, Object> body = containment(ACME, "acme-deployer");
        String id = requestApproval(body);

        as("acme-viewer").get("/v1/approvals?status=pending&page_size=100").then().statusCode(200)
                .body("approvals.id", hasItem(id));
        as("acme-auditor").get("/v1/approvals/" + id).then().statusCode(200)
                .body("status", equalTo("pending"))
                .body("operation", equalTo("hosts:contain"))
                .body("execution_id", equalTo(body.get("execution_id")))
                .body("params.device_id", equalTo("abc"))
                .body("requested_by.username", equalTo("acme-deployer"))
                .body("reasons.rule", hasItem("escalate-destructive"));
    }

    @Test
    void hidesAnotherOrgsApprovals() {
        String id = requestApproval(containment(ACME, "acme-deployer"));

        as("globex-approver").get("/v1/approvals/" + id).then().statusCode(404).contentType(PROBLEM_JSON);
        approve("globex-approver", id).then().statusCode(404).contentType(PROBLEM_JSON);
        reject("globex-admin", id).then().statusCode(404).contentType(PROBLEM_JSON);
        as("globex-viewer").get("/v1/approvals?page_size=100").then().statusCode(200)
                .body("approvals.id", not(hasItem(id)));
        as("acme-viewer").get("/v1/approvals/" + id).then().statusCode(200).body("status", equalTo("pending"));
    }

    @Test
    void refusesBadQueriesAndBodies() {
        as("acme-viewer").get("/v1/approvals?status=approved").then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", hasItem("status"));
        as("acme-viewer").get("/v1/approvals?page_size=1000&page=x").then().statusCode(400)
                .body("errors.field", hasItem("page_size"))
                .body("errors.field", hasItem("page"));
        as("acme-viewer").get("/v1/approvals/not-a-uuid").then().statusCode(404).contentType(PROBLEM_JSON);
        as("acme-viewer").get("/v1/approvals/" + UUID.randomUUID()).then().statusCode(404);
        approve("acme-approver", "'; drop table approvals; --").then().statusCode(404);

        String id = requestApproval(containment(ACME, "acme-deployer"));
        String path = "/v1/approvals/" + id + "/approve";
        as("acme-approver").body(Map.of("reason", "x".repeat(1001))).post(path).then().statusCode(400)
                .contentType(PROBLEM_JSON).body("errors.field", hasItem("reason"));
        as("acme-approver").body(Map.of("reason", "ok\u0000<script>")).post(path).then().statusCode(400)
                .body("errors.field", hasItem("reason"));
        as("acme-approver").body("{\"reason\": {\"nested\": true}}").post(path).then().statusCode(400)
                .contentType(PROBLEM_JSON);
        as("acme-approver").body("{\"reason\": ").post(path).then().statusCode(400).contentType(PROBLEM_JSON);
        as("acme-viewer").get("/v1/approvals/" + id).then().statusCode(200).body("status", equalTo("pending"));
    }

    @Test
    void refusesWrongTypedUnknownAndControlCharacterInput() {
        as("acme-viewer").queryParam("status", "pending\u0000").get("/v1/approvals").then().statusCode(400)
                .contentType(PROBLEM_JSON).body("errors.field", hasItem("status"));
        as("acme-viewer").queryParam("page_size", "\u0000").get("/v1/approvals").then().statusCode(400)
                .contentType(PROBLEM_JSON).body("errors.field", hasItem("page_size"));
        as("acme-viewer").get("/v1/approvals/{id}", "\u0000").then().statusCode(404).contentType(PROBLEM_JSON);

        String id = requestApproval(containment(ACME, "acme-deployer"));
        String path = "/v1/approvals/" + id + "/approve";
        for (Object reason : new Object[] {0, true, List.of("ok"), "ok\u0007", "line\nbreak"}) {
            Map<String, Object> body = new HashMap<>();
            body.put("reason", reason);
            as("acme-approver").body(body).post(path).then().statusCode(400).contentType(PROBLEM_JSON)
                    .body("errors.field", contains("reason"));
        }
        as("acme-approver").body("{\"reason\": 1e400}").post(path).then().statusCode(400)
                .body("errors.field", contains("reason"));
        as("acme-approver").body(Map.of("reason", "ok", "grant", false)).post("/v1/approvals/" + id + "/reject")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", contains("grant")).body("errors[0].message", equalTo("unknown field"));
        as("acme-approver").body("[\"ok\"]").post(path).then().statusCode(400).body("errors.field", contains("body"));
        as("acme-viewer").get("/v1/approvals/" + id).then().statusCode(200).body("status", equalTo("pending"));

        as("acme-approver").body("null").post(path).then().statusCode(200).body("status", equalTo("granted"));
    }
}
