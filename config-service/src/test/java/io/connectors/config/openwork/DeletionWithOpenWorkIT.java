package io.connectors.config.openwork;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.connectors.config.ConfigServiceProfile;
import io.connectors.config.KafkaRecords;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.events.v1.ExecutionResult;
import io.connectors.platform.testing.KafkaServer;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.SignedApprovals;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.connectors.config.Api.CONNECTORS;
import static io.connectors.config.Api.JSON;
import static io.connectors.config.Api.as;
import static io.connectors.config.Api.createId;
import static io.connectors.config.Api.crowdstrike;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A connector that pending approvals or running executions refer to is not deleted silently: 409 names them, unless
 * {@code force=true}, which deletes it and audits what was cancelled. The open work comes from the approval and
 * execution-result topics.
 */
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class DeletionWithOpenWorkIT {

    private static final String ORG = KeycloakServer.ACME_ORG;

    @Test
    void refusesToDeleteAConnectorWithAPendingApprovalOrARunningExecution() {
        String id = createId("acme-admin", crowdstrike());
        String approval = UUID.randomUUID().toString();
        String execution = UUID.randomUUID().toString();
        send(Topics.APPROVALS, approval, approval(approval, id, ApprovalEvent.Status.REQUESTED));
        send(Topics.EXECUTION_RESULTS, execution, execution(execution, id, ExecutionResult.RUNNING));

        awaitOpen(id, 2);
        as("acme-admin").delete(CONNECTORS + "/" + id).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("pending_approvals", contains(approval))
                .body("running_executions", contains(execution));
        as("acme-admin").get(CONNECTORS + "/" + id).then().statusCode(200);
    }

    @Test
    void deletesOnceTheWorkIsClosedEvenIfALateOpeningArrivesAfterwards() {
        String id = createId("acme-admin", crowdstrike());
        String other = createId("acme-admin", crowdstrike());
        String approval = UUID.randomUUID().toString();
        send(Topics.APPROVALS, approval, approval(approval, id, ApprovalEvent.Status.REQUESTED));
        awaitOpen(id, 1);

        send(Topics.APPROVALS, approval, approval(approval, id, ApprovalEvent.Status.GRANTED));
        send(Topics.APPROVALS, approval, approval(approval, id, ApprovalEvent.Status.REQUESTED));
        // Same key, so the same partition: once this marker is in, the two events before it were applied.
        String marker = UUID.randomUUID().toString();
        send(Topics.APPROVALS, approval, approval(marker, other, ApprovalEvent.Status.REQUESTED));
        awaitOpen(other, 1);

        assertEquals(0, openItems(id));
        as("acme-admin").delete(CONNECTORS + "/" + id).then().statusCode(204);
    }

    @Test
    void forceDeletesAndAuditsWhatWasCancelled() throws JsonProcessingException {
        String id = createId("acme-admin", crowdstrike());
        String execution = UUID.randomUUID().toString();
        send(Topics.EXECUTION_RESULTS, execution, execution(execution, id, ExecutionResult.RUNNING));
        awaitOpen(id, 1);

        as("acme-admin").queryParam("force", "true").delete(CONNECTORS + "/" + id).then().statusCode(204);

        as("acme-admin").get(CONNECTORS + "/" + id).then().statusCode(404);
        String deleted = KafkaRecords.mentioning(Topics.AUDIT, id, 2).stream()
                .map(record -> record.value()).filter(value -> value.contains("connector.deleted")).findFirst().orElseThrow();
        var details = JSON.readTree(deleted).at("/data/details");
        assertEquals(true, details.get("force").asBoolean());
        assertEquals(List.of(execution), JSON.convertValue(details.get("cancelled_executions"), List.class));
        assertEquals(0, details.get("cancelled_approvals").size());
    }

    @Test
    void anExecutionThatFinishedNoLongerBlocks() {
        String id = createId("acme-admin", crowdstrike());
        String execution = UUID.randomUUID().toString();
        send(Topics.EXECUTION_RESULTS, execution, execution(execution, id, ExecutionResult.RUNNING));
        awaitOpen(id, 1);
        send(Topics.EXECUTION_RESULTS, execution, execution(execution, id, ExecutionResult.SUCCESS));
        awaitOpen(id, 0);
        as("acme-admin").delete(CONNECTORS + "/" + id).then().statusCode(204);
    }

    @Test
    void anotherOrgsWorkDoesNotBlock() {
        String id = createId("acme-admin", crowdstrike());
        String approval = UUID.randomUUID().toString();
        EventEnvelope<ApprovalEvent> foreign = EventEnvelope.of("/policy-service", EventTypes.APPROVAL, approval,
                KeycloakServer.GLOBEX_ORG, new ApprovalEvent(approval, KeycloakServer.GLOBEX_ORG,
                        ApprovalEvent.Status.REQUESTED, null, null, id, "hosts:contain", null, null, "globex-deployer",
                        null, null, null, Instant.now()));
        send(Topics.APPROVALS, approval, foreign);
        String marker = UUID.randomUUID().toString();
        send(Topics.APPROVALS, marker, approval(marker, id, ApprovalEvent.Status.REQUESTED));
        awaitOpen(id, 1);
        as("acme-admin").delete(CONNECTORS + "/" + id).then().statusCode(409)
                .body("pending_approvals", contains(marker))
                .body("running_executions", empty());
    }

    @Test
    void aBatchWithRepeatsAndAnUnreadableRecordKeepsTheLastWordOfEachItemAndParksOnlyTheUnreadable() {
        String id = createId("acme-admin", crowdstrike());
        String finished = UUID.randomUUID().toString();
        String running = UUID.randomUUID().toString();
        String poisonKey = UUID.randomUUID().toString();
        // One produce call, one partition key: the consumer gets these in one batch (or a few, in this order).
        KafkaServer.get().companion().produceStrings().fromRecords(
                        record(Topics.EXECUTION_RESULTS, id, execution(finished, id, ExecutionResult.RUNNING)),
                        new ProducerRecord<>(Topics.EXECUTION_RESULTS, id, "{not an event"),
                        record(Topics.EXECUTION_RESULTS, id, execution(finished, id, ExecutionResult.SUCCESS)),
                        record(Topics.EXECUTION_RESULTS, id, execution(running, id, ExecutionResult.RUNNING)),
                        record(Topics.EXECUTION_RESULTS, id, execution(finished, id, ExecutionResult.RUNNING)),
                        new ProducerRecord<>(Topics.EXECUTION_RESULTS, poisonKey, "{\"id\":\"x\"}"))
                .awaitCompletion(Duration.ofSeconds(30));

        awaitOpen(id, 1);
        assertEquals(List.of(running), openIds(id));
        var parked = KafkaRecords.await(Topics.deadLetter(Topics.EXECUTION_RESULTS), 2,
                record -> id.equals(record.key()) || poisonKey.equals(record.key()));
        assertEquals(List.of("{not an event", "{\"id\":\"x\"}"), parked.stream().map(record -> record.value()).toList());
        as("acme-admin").delete(CONNECTORS + "/" + id).then().statusCode(409)
                .body("running_executions", contains(running));
    }

    private static void awaitOpen(String id, int count) {
        OpenWorkProbe.awaitOpen(id, count);
    }

    private static int openItems(String id) {
        return openIds(id).size();
    }

    private static List<String> openIds(String id) {
        return OpenWorkProbe.openIds(id);
    }

    private static EventEnvelope<ApprovalEvent> approval(String approvalId, String connectorId, ApprovalEvent.Status status) {
        return EventEnvelope.of("/policy-service", EventTypes.APPROVAL, approvalId, ORG, new ApprovalEvent(approvalId, ORG,
                status, null, null, connectorId, "hosts:contain", null, null, "acme-deployer", null, null, null,
                Instant.now()));
    }

    private static EventEnvelope<ExecutionResult> execution(String executionId, String connectorId, String status) {
        return EventEnvelope.of("/execution-service", EventTypes.EXECUTION_RESULT, executionId, ORG, new ExecutionResult(
                executionId, ORG, connectorId, "hosts:read", status, null, null, null, null, Instant.now()));
    }

    private static void send(String topic, String key, Object event) {
        KafkaServer.get().companion().produceStrings().fromRecords(record(topic, key, event))
                .awaitCompletion(Duration.ofSeconds(30));
    }

    /** Approval events are signed as policy-service signs them (ApprovalSignaturesIT shows the unsigned refused). */
    private static ProducerRecord<String, String> record(String topic, String key, Object event) {
        try {
            return new ProducerRecord<>(topic, key, Topics.APPROVALS.equals(topic)
                    ? SignedApprovals.signed(event, SignedApprovals.TRUSTED) : JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
