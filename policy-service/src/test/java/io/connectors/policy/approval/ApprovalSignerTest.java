package io.connectors.policy.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.signing.Ed25519Keys;
import io.connectors.platform.signing.EventVerifier;
import io.connectors.platform.signing.SigningKeyException;
import io.connectors.policy.PolicyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApprovalSignerTest {

    /** Serializes like the service's ObjectMapper (ISO-8601 instants), which the outbox writes events with. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path dir;

    private static PolicyConfig.Signing signing(Path file, String keyId, boolean generate) {
        return new PolicyConfig.Signing() {
            @Override
            public Optional<Path> keyFile() {
                return Optional.ofNullable(file);
            }

            @Override
            public Optional<String> keyId() {
                return Optional.ofNullable(keyId);
            }

            @Override
            public boolean generate() {
                return generate;
            }
        };
    }

    private static EventEnvelope<ApprovalEvent> granted() {
        ApprovalEvent event = new ApprovalEvent("3f6c1a52-8f3e-4c1e-9a55-0d3b8f1e2a10", "acme", ApprovalEvent.Status.GRANTED,
                "7d1f0b9e-2c4a-4e5b-8f6d-1a2b3c4d5e6f", "5b2e9c1d-7a3f-4b6e-9d8c-0f1e2d3c4b5a",
                "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "hosts:contain", JSON.createObjectNode().put("device_id", "abc").put("ratio", 0.1),
                "0".repeat(64), "acme-deployer", "acme-approver", "contain the host", Instant.now().plusSeconds(3600), Instant.now());
        return EventEnvelope.of(ApprovalJournal.SOURCE, EventTypes.APPROVAL, event.approvalId(), "acme", event);
    }

    @Test
    void signsWhatTheOutboxPublishesSoTheConsumerVerifiesIt() throws Exception {
        Path file = dir.resolve("approval-signing.key");
        ApprovalSigner signer = new ApprovalSigner(ApprovalSigner.load(signing(file, "policy-1", true)), JSON);
        EventVerifier verifier = new EventVerifier(Map.of("policy-1", Ed25519Keys.publicKey(
                Files.readString(dir.resolve("approval-signing.key.pub")).replaceAll("-----[A-Z ]+-----", ""), "pub")));

        EventEnvelope<ApprovalEvent> signed = signer.sign(granted());
        JsonNode received = JSON.readTree(JSON.writeValueAsString(signed));

        assertEquals("policy-1", received.at("/data/signature/key_id").asText());
        assertEquals("Ed25519", received.at("/data/signature/alg").asText());
        assertTrue(verifier.verify(received).valid(), verifier.verify(received).refusal());
        ((ObjectNode) received.get("data")).put("execution_id", "00000000-0000-4000-8000-000000000000");
        assertFalse(verifier.verify(received).valid(), "another execution is another event");
    }

    @Test
    void refusesToStartWithoutAKeyOrKeyIdAndSaysWhatToSet() {
        SigningKeyException noFile = assertThrows(SigningKeyException.class,
                () -> ApprovalSigner.load(signing(null, "policy-1", false)));
        assertTrue(noFile.getMessage().contains(ApprovalSigner.KEY_FILE)
                && noFile.getMessage().contains("CONNECTORS_POLICY_APPROVALS_SIGNING_KEY_FILE"), noFile.getMessage());

        SigningKeyException noId = assertThrows(SigningKeyException.class,
                () -> ApprovalSigner.load(signing(dir.resolve("k.key"), null, true)));
        assertTrue(noId.getMessage().contains(ApprovalSigner.KEY_ID), noId.getMessage());

        SigningKeyException absent = assertThrows(SigningKeyException.class,
                () -> ApprovalSigner.load(signing(dir.resolve("absent.key"), "policy-1", false)));
        assertTrue(absent.getMessage().contains("does not exist"), absent.getMessage());
        assertFalse(Files.exists(dir.resolve("absent.key")), "a key is made only where that is allowed");
    }

    @Test
    void refusesAKeyFileThatHoldsNoEd25519Key() throws Exception {
        Path file = dir.resolve("approval-signing.key");
        Files.writeString(file, Ed25519Keys.privateKeyPem(java.security.KeyPairGenerator.getInstance("RSA")
                .generateKeyPair().getPrivate()));

        SigningKeyException failure = assertThrows(SigningKeyException.class,
                () -> ApprovalSigner.load(signing(file, "policy-1", true)));
        assertTrue(failure.getMessage().contains(file.toString()) && failure.getMessage().contains("not an Ed25519"),
                failure.getMessage());
    }
}
