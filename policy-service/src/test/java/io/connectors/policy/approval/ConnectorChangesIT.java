package io.connectors.policy.approval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ConfigChanged;
import io.connectors.policy.PolicyServiceProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.connectors.policy.Fixtures.ACME;
import static io.connectors.policy.Fixtures.as;
import static io.connectors.policy.Fixtures.awaitEvent;
import static io.connectors.policy.Fixtures.awaitRecord;
import static io.connectors.policy.Fixtures.containment;
import static io.connectors.policy.Fixtures.decide;
import static io.connectors.policy.Fixtures.decision;
import static io.connectors.policy.Fixtures.outbox;
import static io.connectors.policy.Fixtures.publish;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connector changes on connectors.config.v1 cancel the pending approvals they make moot. */
@QuarkusTest
@TestProfile(PolicyServiceProfile.class)
class ConnectorChangesIT {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static String requestApproval(Map<String, Object> body) {
        return decide(body).then().statusCode(200).body("outcome", equalTo("escalate")).extract().path("approval_id");
    }

    private static String connectorOf(Map<String, Object> body) {
        return (String) ((Map<?, ?>) body.get("connector")).get("id");
    }

    /** The same decision for another operation of the same connector. */
    private static Map<String, Object> sameConnector(Map<String, Object> body, String operation) {
        Map<String, Object> other = decision(ACME, "acme-deployer", "crowdstrike", operation, "destructive", 70,
                List.of("hosts:contain", "hosts:delete"), Map.of("device_id", "abc"));
        other.put("connector", body.get("connector"));
        return other;
    }

    private static String configEvent(String connectorId, boolean enabled, List<String> permitted) throws Exception {
        ConfigChanged config = new ConfigChanged(connectorId, ACME, UUID.randomUUID().toString(), "edr", "crowdstrike",
                "1", enabled, permitted, JSON.createObjectNode(), "ciphertext", 1, 2, Instant.now());
        return JSON.writeValueAsString(EventEnvelope.of("/config-service", EventTypes.CONFIG_CHANGED, connectorId,
                ACME, config));
    }

    private static void awaitStatus(String approvalId, String status) {
        awaitEvent(Topics.APPROVALS, approvalId, event -> event.at("/data/status").asText().equals(status));
        as("acme-viewer").get("/v1/approvals/" + approvalId).then().statusCode(200).body("status", equalTo(status));
    }

    @Test
    void cancelsThePendingApprovalsOfADeletedConnector() {
        Map<String, Object> body = containment(ACME, "acme-deployer");
        String id = requestApproval(body);

        publish(Topics.CONFIG, connectorOf(body), null);

        awaitStatus(id, "cancelled");
        as("acme-approver").post("/v1/approvals/" + id + "/approve").then().statusCode(409);
        assertTrue(outbox(Topics.AUDIT, id).stream()
                .anyMatch(record -> record.at("/data/action").asText().equals("approval.cancelled")));
    }

    @Test
    void cancelsThePendingApprovalsOfADisabledConnector() throws Exception {
        Map<String, Object> body = containment(ACME, "acme-deployer");
        String id = requestApproval(body);

        publish(Topics.CONFIG, connectorOf(body), configEvent(connectorOf(body), false, List.of("hosts:contain")));

        awaitStatus(id, "cancelled");
    }

    @Test
    @SuppressWarnings("unchecked")
    void cancelsOnlyTheApprovalsOfOperationsNoLongerPermitted() throws Exception {
        Map<String, Object> body = containment(ACME, "acme-deployer");
        Map<String, Object> connector = new HashMap<>((Map<String, Object>) body.get("connector"));
        connector.put("permitted_operations", List.of("hosts:contain", "hosts:delete"));
        body.put("connector", connector);
        String contain = requestApproval(body);
        String delete = requestApproval(sameConnector(body, "hosts:delete"));

        publish(Topics.CONFIG, connectorOf(body), configEvent(connectorOf(body), true, List.of("hosts:delete")));

        awaitStatus(contain, "cancelled");
        as("acme-viewer").get("/v1/approvals/" + delete).then().statusCode(200).body("status", equalTo("pending"));
    }

    @Test
    void sendsAnUnreadableRecordToTheDeadLetterTopic() {
        String key = UUID.randomUUID().toString();

        publish(Topics.CONFIG, key, "{not json");

        assertEquals("{not json", awaitRecord(Topics.deadLetter(Topics.CONFIG), key, "{not json"::equals));
    }
}
