package io.connectors.execution.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.execution.ExecutionServiceProfile;
import io.connectors.execution.testing.ApprovalSigning;
import io.connectors.execution.testing.EchoSystem;
import io.connectors.execution.testing.EchoType;
import io.connectors.execution.testing.EventSchemas;
import io.connectors.execution.testing.Eventually;
import io.connectors.execution.testing.PolicyFake;
import io.connectors.execution.testing.TestConnector;
import io.connectors.execution.testing.TopicRecords;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.platform.signing.Ed25519Keys;
import io.connectors.platform.signing.EventSigner;
import io.connectors.platform.testing.KafkaServer;
import io.connectors.platform.testing.ForgedApprovals;
import io.connectors.platform.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.connectors.execution.testing.Api.ACME;
import static io.connectors.execution.testing.Api.GLOBEX;
import static io.connectors.execution.testing.Api.execute;
import static io.connectors.execution.testing.Api.execution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The approval round trip over Kafka: parked, released by a grant on connectors.approvals.v1, run by the consumer. */
@QuarkusTest
@TestProfile(ExecutionServiceProfile.class)
class ApprovalFlowIT {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    /** {"message":"contain WIN-042"} in canonical form, hashed here independently of the service. */
    private static final String PARAMS_HASH = sha256("{\"message\":\"contain WIN-042\"}");

    @Inject
    SecretCipher cipher;

    private record Parked(TestConnector connector, String executionId, String approvalId, String decisionId) {
    }

    private Parked parked(String org) {
        TestConnector connector = TestConnector.of(org, EchoType.ID).permitting(EchoType.READ, EchoType.WRITE)
                .credentials("{\"user\":\"svc\",\"secret\":\"s3cret\"}").publish(cipher);
        PolicyFake.get().answer(connector.id, PolicyFake.Answer.ESCALATE);
        var answer = execute(org.equals(ACME) ? "acme-admin" : "globex-admin", connector.id, EchoType.WRITE,
                Map.of("message", "contain WIN-042")).then().statusCode(200).extract();
        assertEquals("pending_approval", answer.path("status"));
        return new Parked(connector, answer.path("execution_id"), answer.path("approval_id"), answer.path("decision_id"));
    }

    private static EventEnvelope<ApprovalEvent> approval(Parked parked, ApprovalEvent.Status status, String org, String paramsHash) {
        ApprovalEvent approval = new ApprovalEvent(parked.approvalId(), org, status, parked.executionId(), parked.decisionId(),
                parked.connector().id, EchoType.WRITE, JSON.createObjectNode().put("message", "contain WIN-042"), paramsHash,
                "acme-admin", "acme-approver", status == ApprovalEvent.Status.REJECTED ? "not during business hours" : null,
                Instant.now().plus(Duration.ofHours(1)), Instant.now());
        return EventEnvelope.of("/policy-service", EventTypes.APPROVAL, parked.approvalId(), org, approval);
    }

    /** The event as policy-service publishes it: signed with the key execution-service trusts. */
    private static String approvalEvent(Parked parked, ApprovalEvent.Status status, String org, String paramsHash) {
        return ApprovalSigning.signed(approval(parked, status, org, paramsHash), ApprovalSigning.TRUSTED);
    }

    /** The refusal audit records of an execution, once there are {@code count}. */
    private static List<JsonNode> awaitRefusals(Parked parked, int count) {
        return TopicRecords.await(Topics.AUDIT, r -> r.value() != null && r.value().contains(parked.executionId())
                && r.value().contains("approval.refused"), count);
    }

    private static void assertStillParked(Parked parked) {
        execution("acme-admin", parked.executionId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("pending_approval"));
        assertEquals(0, EchoSystem.callsTo(parked.connector().id), "no external call happened");
    }

    private static void send(String topic, String key, String value) {
        KafkaServer.get().companion().produceStrings().fromRecords(new ProducerRecord<>(topic, key, value))
                .awaitCompletion(Duration.ofSeconds(30));
    }

    private static JsonNode awaitStatus(String executionId, String status) {
        return Eventually.until(() -> execution("acme-admin", executionId).then().extract().as(JsonNode.class),
                view -> status.equals(view.path("status").asText()), "execution " + executionId + " to be " + status);
    }

    @Test
    void runsAParkedExecutionOnceItsApprovalIsGranted() {
        Parked parked = parked(ACME);
        assertEquals(0, EchoSystem.callsTo(parked.connector().id));

        send(Topics.APPROVALS, parked.approvalId(), approvalEvent(parked, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH));

        JsonNode done = awaitStatus(parked.executionId(), "success");
        assertEquals("contain WIN-042", done.path("result").path("message").asText());
        assertEquals("acme-approver", done.path("approved_by").asText());
        assertEquals(parked.approvalId(), done.path("approval_id").asText());
        assertEquals(1, EchoSystem.callsOf(parked.executionId()));

        List<JsonNode> results = TopicRecords.await(Topics.EXECUTION_RESULTS, r -> parked.executionId().equals(r.key()), 3);
        assertEquals(Set.of("pending_approval", "running", "success"),
                results.stream().map(r -> r.path("data").path("status").asText()).collect(Collectors.toSet()));
        results.forEach(result -> EventSchemas.assertValid("execution.result.v1.json", result));
        List<JsonNode> released = TopicRecords.await(Topics.EXECUTION_REQUESTS,
                r -> r.value() != null && r.value().contains(parked.executionId()), 1);
        EventSchemas.assertValid("execution.request.v1.json", released.get(0));
        assertEquals(parked.approvalId(), released.get(0).path("data").path("approval_id").asText());
        assertEquals(parked.connector().id, released.get(0).path("data").path("connector_id").asText());
    }

    /**
     * Issue 13, the exact forgery: a granted event built only from what acme-viewer reads at
     * {@code GET /v1/approvals/{id}}, published without a signature by a client that may write the topic. It is a
     * well-formed v1 event, so only the signature tells it apart: it is refused, audited, dead-lettered, and the
     * execution stays parked with no external call; the genuine grant still releases it afterwards.
     */
    @Test
    void refusesAnUnsignedGrantBuiltFromWhatAViewerCanRead() {
        Parked parked = parked(ACME);
        JsonNode view = RestAssured.given().auth().oauth2(KeycloakServer.get().token("acme-viewer"))
                .get(PolicyFake.get().url() + "/v1/approvals/" + parked.approvalId())
                .then().statusCode(200).extract().as(JsonNode.class);
        assertEquals("pending", view.path("status").asText());

        String eventId = UUID.randomUUID().toString();
        ObjectNode forged = ForgedApprovals.grantedFrom(view, ACME, eventId, "acme-viewer");
        EventSchemas.assertValid("approval.v1.json", forged);
        send(Topics.APPROVALS, parked.approvalId(), forged.toString());

        JsonNode refusal = awaitRefusals(parked, 1).get(0);
        EventSchemas.assertValid("audit.record.v1.json", refusal);
        JsonNode record = refusal.path("data");
        assertEquals("denied", record.path("outcome").asText());
        assertEquals("execution-service", record.path("actor").path("subject").asText());
        assertEquals(parked.connector().id, record.path("target").path("connector_id").asText());
        assertEquals(parked.decisionId(), record.path("decision_id").asText());
        assertEquals("unsigned: the event carries no signature", record.path("details").path("reason").asText());
        assertEquals("granted", record.path("details").path("approval_status").asText());
        assertEquals(eventId, record.path("details").path("event_id").asText());
        assertEquals("pending_approval", record.path("details").path("execution_status").asText());
        TopicRecords.awaitRaw(Topics.deadLetter(Topics.APPROVALS), r -> r.value() != null && r.value().contains(eventId), 1);
        assertStillParked(parked);

        send(Topics.APPROVALS, parked.approvalId(), approvalEvent(parked, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH));
        awaitStatus(parked.executionId(), "success");
        assertEquals(1, EchoSystem.callsOf(parked.executionId()));
    }

    /** A signature by a key it does not trust (even under the trusted key's id) or a garbled one moves nothing; nor does an unsigned rejection. */
    @Test
    void refusesApprovalEventsSignedByAKeyItDoesNotTrust() {
        Parked parked = parked(ACME);
        EventSigner impostor = new EventSigner(ApprovalSigning.KEY_ID, Ed25519Keys.generate().getPrivate());
        EventSigner stranger = new EventSigner("stranger-1", Ed25519Keys.generate().getPrivate());
        send(Topics.APPROVALS, parked.approvalId(), ApprovalSigning.signed(
                approval(parked, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH), impostor));
        send(Topics.APPROVALS, parked.approvalId(), ApprovalSigning.signed(
                approval(parked, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH), stranger));
        send(Topics.APPROVALS, parked.approvalId(), ApprovalSigning.unsigned(
                approval(parked, ApprovalEvent.Status.REJECTED, ACME, PARAMS_HASH)));
        ObjectNode garbled = ApprovalSigning.tree(approval(parked, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH));
        ((ObjectNode) garbled.get("data")).put("signature", "trust me");
        send(Topics.APPROVALS, parked.approvalId(), garbled.toString());

        List<String> reasons = awaitRefusals(parked, 4).stream()
                .map(record -> record.at("/data/details/reason").asText()).sorted().toList();
        assertEquals(List.of("malformed signature: not an object", "signed with key stranger-1, which is not trusted",
                "the signature does not verify: the event was altered or not signed by key " + ApprovalSigning.KEY_ID,
                "unsigned: the event carries no signature"), reasons);
        assertStillParked(parked);
    }

    /**
     * A genuine signed grant, retargeted at another execution (of the same org, or of another org) or given a new
     * event id to pass deduplication, no longer verifies: what is signed binds the event to its execution, approval,
     * decision and org. The exact event delivered twice is applied once.
     */
    @Test
    void refusesAGenuineGrantReplayedOntoAnotherExecutionOrOrg() {
        Parked first = parked(ACME);
        Parked second = parked(ACME);
        Parked globex = parked(GLOBEX);
        JsonNode genuine = ApprovalSigning.parse(approvalEvent(first, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH));

        send(Topics.APPROVALS, second.approvalId(), retargeted(genuine, second, ACME).toString());
        JsonNode signedForGlobex = ApprovalSigning.parse(approvalEvent(globex, ApprovalEvent.Status.GRANTED, GLOBEX, PARAMS_HASH));
        send(Topics.APPROVALS, second.approvalId(), retargeted(signedForGlobex, second, ACME).toString());

        List<JsonNode> refusals = awaitRefusals(second, 2);
        refusals.forEach(refusal -> assertTrue(refusal.at("/data/details/reason").asText().startsWith("the signature does not verify"),
                refusal.toString()));
        assertStillParked(second);

        send(Topics.APPROVALS, first.approvalId(), genuine.toString());
        awaitStatus(first.executionId(), "success");
        send(Topics.APPROVALS, first.approvalId(), genuine.toString());
        ObjectNode renamed = genuine.deepCopy();
        renamed.put("id", UUID.randomUUID().toString());
        send(Topics.APPROVALS, first.approvalId(), renamed.toString());
        awaitRefusals(first, 1);
        // A marker released after the replays proves the consumer has moved past them.
        Parked marker = parked(ACME);
        send(Topics.APPROVALS, marker.approvalId(), approvalEvent(marker, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH));
        awaitStatus(marker.executionId(), "success");

        assertEquals(1, EchoSystem.callsOf(first.executionId()));
        assertStillParked(second);
        execution("globex-admin", globex.executionId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("pending_approval"));
    }

    /** {@code event} with its ids (and org) changed to those {@code target} waits for, its signature kept. */
    private static ObjectNode retargeted(JsonNode event, Parked target, String org) {
        ObjectNode copy = event.deepCopy();
        copy.put("id", UUID.randomUUID().toString()).put("subject", target.approvalId()).put("orgid", org);
        ((ObjectNode) copy.get("data")).put("org_id", org).put("execution_id", target.executionId())
                .put("approval_id", target.approvalId()).put("decision_id", target.decisionId())
                .put("connector_id", target.connector().id);
        return copy;
    }

    @Test
    void usesAnApprovalOnlyOnce() {
        Parked parked = parked(ACME);
        String grant = approvalEvent(parked, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH);
        send(Topics.APPROVALS, parked.approvalId(), grant);
        send(Topics.APPROVALS, parked.approvalId(), grant);
        send(Topics.APPROVALS, parked.approvalId(), approvalEvent(parked, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH));
        awaitStatus(parked.executionId(), "success");

        // The released request itself, replayed by anyone who can write the topic, finds nothing waiting.
        JsonNode released = TopicRecords.await(Topics.EXECUTION_REQUESTS,
                r -> r.value() != null && r.value().contains(parked.executionId()), 1).get(0);
        send(Topics.EXECUTION_REQUESTS, parked.connector().id, released.toString().replace(released.path("id").asText(),
                "0b6c9a3e-1d2f-4e5a-8b7c-9d0e1f2a3b4c"));
        // A marker execution after the replay proves the consumer has moved past it.
        Parked marker = parked(ACME);
        send(Topics.APPROVALS, marker.approvalId(), approvalEvent(marker, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH));
        awaitStatus(marker.executionId(), "success");

        assertEquals(1, EchoSystem.callsOf(parked.executionId()));
    }

    @Test
    void refusesAGrantThatDoesNotMatchTheParkedRequest() {
        Parked parked = parked(ACME);
        send(Topics.APPROVALS, parked.approvalId(), approvalEvent(parked, ApprovalEvent.Status.GRANTED, ACME,
                sha256("{\"message\":\"contain EVERY-HOST\"}")));

        JsonNode denied = awaitStatus(parked.executionId(), "denied");
        assertTrue(denied.path("error").path("message").asText().contains("does not match"));
        assertEquals(0, EchoSystem.callsTo(parked.connector().id));
        JsonNode audit = TopicRecords.await(Topics.AUDIT, r -> r.value() != null && r.value().contains(parked.executionId())
                && r.value().contains("execution.denied"), 1).get(0);
        assertEquals("execution-service", audit.path("data").path("actor").path("subject").asText());
        assertEquals("acme-admin", audit.path("data").path("actor").path("on_behalf_of").asText());
    }

    @Test
    void deniesAnExecutionWhoseApprovalWasRejected() {
        Parked parked = parked(ACME);
        send(Topics.APPROVALS, parked.approvalId(), approvalEvent(parked, ApprovalEvent.Status.REJECTED, ACME, PARAMS_HASH));

        JsonNode denied = awaitStatus(parked.executionId(), "denied");
        assertEquals("The approval was rejected: not during business hours", denied.path("error").path("message").asText());
        assertEquals(false, denied.path("error").path("retryable").asBoolean());
        assertEquals(0, EchoSystem.callsTo(parked.connector().id));
    }

    @Test
    void cancelsAnExecutionWhoseApprovalExpired() {
        Parked parked = parked(ACME);
        send(Topics.APPROVALS, parked.approvalId(), approvalEvent(parked, ApprovalEvent.Status.EXPIRED, ACME, PARAMS_HASH));

        JsonNode cancelled = awaitStatus(parked.executionId(), "cancelled");
        assertTrue(cancelled.path("error").path("retryable").asBoolean(), "asking again may be approved in time");
        List<JsonNode> results = TopicRecords.await(Topics.EXECUTION_RESULTS, r -> parked.executionId().equals(r.key()), 2);
        JsonNode result = results.stream().filter(r -> "cancelled".equals(r.path("data").path("status").asText())).findFirst().orElseThrow();
        EventSchemas.assertValid("execution.result.v1.json", result);
    }

    @Test
    void cancelsParkedExecutionsWhenTheirConnectorIsDeleted() {
        Parked parked = parked(ACME);
        parked.connector().delete();

        JsonNode cancelled = awaitStatus(parked.executionId(), "cancelled");
        assertEquals("The connector was deleted", cancelled.path("error").path("message").asText());
        TopicRecords.await(Topics.AUDIT, r -> r.value() != null && r.value().contains(parked.executionId())
                && r.value().contains("execution.cancelled"), 1);

        send(Topics.APPROVALS, parked.approvalId(), approvalEvent(parked, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH));
        Parked marker = parked(ACME);
        send(Topics.APPROVALS, marker.approvalId(), approvalEvent(marker, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH));
        awaitStatus(marker.executionId(), "success");
        awaitStatus(parked.executionId(), "cancelled");
        assertEquals(0, EchoSystem.callsTo(parked.connector().id));
    }

    @Test
    void rechecksTheScopeBeforeRunningAReleasedExecution() {
        Parked parked = parked(ACME);
        parked.connector().permitting(EchoType.READ).publish(cipher);
        send(Topics.APPROVALS, parked.approvalId(), approvalEvent(parked, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH));

        JsonNode denied = awaitStatus(parked.executionId(), "denied");
        assertEquals("The operation is no longer permitted for this connector", denied.path("error").path("message").asText());
        assertEquals(0, EchoSystem.callsTo(parked.connector().id));
    }

    @Test
    void ignoresAnApprovalClaimingAnotherOrg() {
        Parked parked = parked(ACME);
        send(Topics.APPROVALS, parked.approvalId(), approvalEvent(parked, ApprovalEvent.Status.GRANTED, GLOBEX, PARAMS_HASH));
        Parked marker = parked(ACME);
        send(Topics.APPROVALS, marker.approvalId(), approvalEvent(marker, ApprovalEvent.Status.GRANTED, ACME, PARAMS_HASH));
        awaitStatus(marker.executionId(), "success");

        execution("acme-admin", parked.executionId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("pending_approval"));
        assertEquals(0, EchoSystem.callsTo(parked.connector().id));
    }

    @Test
    void parksPoisonApprovalEventsOnTheDeadLetterTopic() {
        String marker = "poison-" + System.nanoTime();
        send(Topics.APPROVALS, marker, "{\"not\":\"an approval\",\"marker\":\"" + marker + "\"}");
        TopicRecords.await(Topics.deadLetter(Topics.APPROVALS), r -> marker.equals(r.key()), 1);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
