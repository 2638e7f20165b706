package io.connectors.execution.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.ExecutionServiceProfile;
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
import io.connectors.platform.testing.KafkaServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
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

    private record Parked(TestConnector connector, String executionId, String approvalId) {
    }

    private Parked parked(String org) {
        TestConnector connector = TestConnector.of(org, EchoType.ID).permitting(EchoType.READ, EchoType.WRITE)
                .credentials("{\"user\":\"svc\",\"secret\":\"s3cret\"}").publish(cipher);
        PolicyFake.get().answer(connector.id, PolicyFake.Answer.ESCALATE);
        var answer = execute(org.equals(ACME) ? "acme-admin" : "globex-admin", connector.id, EchoType.WRITE,
                Map.of("message", "contain WIN-042")).then().statusCode(200).extract();
        assertEquals("pending_approval", answer.path("status"));
        return new Parked(connector, answer.path("execution_id"), answer.path("approval_id"));
    }

    private static String approvalEvent(Parked parked, ApprovalEvent.Status status, String org, String paramsHash) {
        ApprovalEvent approval = new ApprovalEvent(parked.approvalId(), org, status, parked.executionId(), "decision-1",
                parked.connector().id, EchoType.WRITE, JSON.createObjectNode().put("message", "contain WIN-042"), paramsHash,
                "acme-admin", "acme-approver", status == ApprovalEvent.Status.REJECTED ? "not during business hours" : null,
                Instant.now().plus(Duration.ofHours(1)), Instant.now());
        try {
            return JSON.writeValueAsString(EventEnvelope.of("/policy-service", EventTypes.APPROVAL, parked.approvalId(), org, approval));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
