package io.connectors.platform.events.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.signing.EventSignature;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class ApprovalEventTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private static ApprovalEvent unsigned() {
        return new ApprovalEvent("a-1", "acme", ApprovalEvent.Status.GRANTED, "x-1", "d-1", "c-1", "hosts:contain",
                JSON.createObjectNode().put("device_id", "abc"), "0".repeat(64), "alice", "bob", null,
                Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T09:00:00Z"));
    }

    @Test
    void readsEventsWithAndWithoutTheAdditiveSignature() throws Exception {
        ApprovalEvent signed = unsigned().withSignature(new EventSignature("Ed25519", "policy-1", "v".repeat(86)));

        JsonNode written = JSON.valueToTree(signed);
        assertEquals("policy-1", written.at("/signature/key_id").asText());
        assertEquals(signed, JSON.treeToValue(written, ApprovalEvent.class));

        JsonNode old = JSON.valueToTree(unsigned());
        assertFalse(old.has("signature"), "an unsigned event is v1 as before");
        assertNull(JSON.treeToValue(old, ApprovalEvent.class).signature());
        assertFalse(JSON.valueToTree(unsigned().withSignature(new EventSignature("Ed25519", "policy-1", null)))
                .path("signature").has("value"), "a header without value is what gets signed");
    }
}
