package io.connectors.config.openwork;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.config.ConfigServiceProfile;
import io.connectors.config.KafkaRecords;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.testing.ForgedApprovals;
import io.connectors.platform.testing.KafkaServer;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.SignedApprovals;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Only approval events policy-service signed change config-service's open work: the forgery of issue 13 (an unsigned
 * granted event built from what any org member can read), one signed by an untrusted key and a signed one retargeted
 * at another approval are parked on the dead-letter topic and leave the pending approval open; the genuine one closes it.
 */
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class ApprovalSignaturesIT {

    private static final String ORG = KeycloakServer.ACME_ORG;

    @Test
    void forgedGrantedOrClosedApprovalsLeaveTheWorkOpenAndTheSignedGrantClosesIt() {
        String id = createId("acme-admin", crowdstrike());
        String approval = UUID.randomUUID().toString();
        send(approval, SignedApprovals.signed(approval(approval, id, ApprovalEvent.Status.REQUESTED), SignedApprovals.TRUSTED));
        OpenWorkProbe.awaitOpen(id, 1);

        ObjectNode forged = ForgedApprovals.grantedFrom(view(approval, id), ORG, UUID.randomUUID().toString(), "acme-approver");
        send(approval, SignedApprovals.unsigned(forged));
        send(approval, SignedApprovals.signed(forged, SignedApprovals.UNTRUSTED));
        send(approval, retargeted(approval, id));

        List<String> parked = KafkaRecords.await(Topics.deadLetter(Topics.APPROVALS), 3, r -> approval.equals(r.key()))
                .stream().map(r -> r.value()).toList();
        assertEquals(3, parked.size(), "every refused event is parked");
        assertEquals(List.of(approval), OpenWorkProbe.openIds(id), "no refused event closed the approval");
        as("acme-admin").delete(CONNECTORS + "/" + id).then().statusCode(409).body("pending_approvals", contains(approval));

        send(approval, SignedApprovals.signed(approval(approval, id, ApprovalEvent.Status.GRANTED), SignedApprovals.TRUSTED));
        OpenWorkProbe.awaitOpen(id, 0);
        as("acme-admin").delete(CONNECTORS + "/" + id).then().statusCode(204);
    }

    @Test
    void anUnsignedRequestedApprovalOpensNothing() {
        String id = createId("acme-admin", crowdstrike());
        String approval = UUID.randomUUID().toString();
        send(approval, SignedApprovals.unsigned(approval(approval, id, ApprovalEvent.Status.REQUESTED)));

        KafkaRecords.await(Topics.deadLetter(Topics.APPROVALS), 1, r -> approval.equals(r.key()));
        assertEquals(List.of(), OpenWorkProbe.openIds(id));
        as("acme-admin").delete(CONNECTORS + "/" + id).then().statusCode(204);
    }

    /** A genuine signed cancellation of another approval, edited to name {@code approval}: the signature no longer holds. */
    private static String retargeted(String approval, String connectorId) {
        String other = UUID.randomUUID().toString();
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(SignedApprovals.signed(
                    approval(other, connectorId, ApprovalEvent.Status.CANCELLED), SignedApprovals.TRUSTED));
            event.put("subject", approval);
            ((ObjectNode) event.get("data")).put("approval_id", approval);
            return event.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What acme-viewer reads at GET /v1/approvals/{id} of policy-service, all the forger needs. */
    private static ObjectNode view(String approval, String connectorId) {
        ObjectNode view = JSON.createObjectNode().put("id", approval).put("execution_id", UUID.randomUUID().toString())
                .put("decision_id", UUID.randomUUID().toString()).put("connector_id", connectorId)
                .put("operation", "hosts:contain").put("params_hash", "0".repeat(64))
                .put("expires_at", Instant.now().plusSeconds(3600).toString());
        view.putObject("params").put("device_id", "abc");
        view.putObject("requested_by").put("subject", "acme-deployer");
        return view;
    }

    private static EventEnvelope<ApprovalEvent> approval(String approvalId, String connectorId, ApprovalEvent.Status status) {
        return EventEnvelope.of("/policy-service", EventTypes.APPROVAL, approvalId, ORG, new ApprovalEvent(approvalId, ORG,
                status, null, null, connectorId, "hosts:contain", null, null, "acme-deployer", null, null, null,
                Instant.now()));
    }

    private static void send(String key, String value) {
        KafkaServer.get().companion().produceStrings().fromRecords(new ProducerRecord<>(Topics.APPROVALS, key, value))
                .awaitCompletion(Duration.ofSeconds(30));
    }
}
