package io.connectors.platform.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventSignerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair CURRENT = Ed25519Keys.generate();
    private static final KeyPair PREVIOUS = Ed25519Keys.generate();

    private final EventSigner signer = new EventSigner("policy-2", CURRENT.getPrivate());
    private final EventVerifier verifier = new EventVerifier(Map.of("policy-2", CURRENT.getPublic(),
            "policy-1", PREVIOUS.getPublic()));

    /** An approval event as policy-service publishes it, with the signer's header in data.signature. */
    private ObjectNode event(EventSigner by) {
        ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", "e-1").put("type", "io.connectors.approval.v1")
                .put("orgid", "acme");
        ObjectNode data = event.putObject("data").put("status", "granted").put("execution_id", "x-1").put("org_id", "acme");
        data.putObject("params").put("limit", 50.0).put("device", "WIN-042");
        data.set("signature", JSON.valueToTree(by.header()));
        return event;
    }

    private ObjectNode signed(EventSigner by) {
        ObjectNode event = event(by);
        ((ObjectNode) event.get("data").get("signature")).put("value", by.sign(event));
        return event;
    }

    @Test
    void signsTheCanonicalEventWithoutTheSignatureValue() {
        ObjectNode event = signed(signer);

        assertEquals("{\"data\":{\"execution_id\":\"x-1\",\"org_id\":\"acme\",\"params\":{\"device\":\"WIN-042\",\"limit\":50},"
                        + "\"signature\":{\"alg\":\"Ed25519\",\"key_id\":\"policy-2\"},\"status\":\"granted\"},\"id\":\"e-1\","
                        + "\"orgid\":\"acme\",\"specversion\":\"1.0\",\"type\":\"io.connectors.approval.v1\"}",
                new String(EventSignatures.signingInput(event), StandardCharsets.UTF_8));
        assertEquals(86, event.at("/data/signature/value").asText().length());
        assertTrue(verifier.verify(event).valid());
        assertEquals("policy-2", verifier.verify(event).keyId());
    }

    @Test
    void verifiesTheEventAsReceivedWhateverItsMemberOrderAndWhitespace() throws Exception {
        ObjectNode event = signed(signer);
        String reordered = "{ \"data\" : " + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(event.get("data"))
                + ", \"type\": \"io.connectors.approval.v1\", \"orgid\": \"acme\", \"id\": \"e-1\", \"specversion\": \"1.0\" }";

        assertTrue(verifier.verify(JSON.readTree(reordered)).valid());
    }

    @Test
    void refusesAnEventChangedAfterSigning() {
        for (String[] change : new String[][]{{"/data", "execution_id", "x-2"}, {"/data", "org_id", "globex"},
                {"/data", "status", "rejected"}, {"", "id", "e-2"}, {"", "orgid", "globex"}, {"/data/params", "device", "ALL"}}) {
            ObjectNode event = signed(signer);
            ((ObjectNode) event.at(change[0])).put(change[1], change[2]);

            EventVerifier.Verification verification = verifier.verify(event);
            assertFalse(verification.valid(), "changed " + change[0] + "/" + change[1]);
            assertTrue(verification.refusal().startsWith("the signature does not verify"), verification.refusal());
        }
        ObjectNode added = signed(signer);
        ((ObjectNode) added.get("data")).put("decided_by", "someone");
        assertFalse(verifier.verify(added).valid(), "an added member is a change too");
    }

    @Test
    void refusesUnsignedMalformedAndUntrustedSignatures() throws Exception {
        ObjectNode unsigned = signed(signer);
        ((ObjectNode) unsigned.get("data")).remove("signature");
        assertEquals("unsigned: the event carries no signature", verifier.verify(unsigned).refusal());
        assertEquals("unsigned: the event carries no signature", verifier.verify(JSON.readTree("{\"id\":1}")).refusal());

        ObjectNode otherKey = signed(new EventSigner("stranger", Ed25519Keys.generate().getPrivate()));
        assertEquals("signed with key stranger, which is not trusted", verifier.verify(otherKey).refusal());

        // The right key id on a signature made with another key: the id names the key, it does not vouch for it.
        ObjectNode impostor = signed(new EventSigner("policy-2", Ed25519Keys.generate().getPrivate()));
        assertTrue(verifier.verify(impostor).refusal().startsWith("the signature does not verify"));

        // A genuine signature passed off under another trusted key id: key_id is signed, so it fails.
        ObjectNode relabelled = signed(signer);
        ((ObjectNode) relabelled.at("/data/signature")).put("key_id", "policy-1");
        assertFalse(verifier.verify(relabelled).valid());

        ObjectNode wrongAlgorithm = signed(signer);
        ((ObjectNode) wrongAlgorithm.at("/data/signature")).put("alg", "none");
        assertTrue(verifier.verify(wrongAlgorithm).refusal().contains("not Ed25519"));

        ObjectNode badValue = signed(signer);
        ((ObjectNode) badValue.at("/data/signature")).put("value", "not base64!");
        assertTrue(verifier.verify(badValue).refusal().startsWith("malformed signature"));

        ObjectNode badKeyId = signed(signer);
        ((ObjectNode) badKeyId.at("/data/signature")).put("key_id", "<script>\n");
        EventVerifier.Verification refused = verifier.verify(badKeyId);
        assertNull(refused.keyId());
        assertFalse(refused.refusal().contains("<script>"), "the sender's text is not repeated");

        ObjectNode notAnObject = signed(signer);
        ((ObjectNode) notAnObject.get("data")).put("signature", "trust me");
        assertTrue(verifier.verify(notAnObject).refusal().startsWith("malformed signature"));
    }

    @Test
    void refusesAnEventWhoseNumbersHaveNoCanonicalFormInsteadOfFailing() throws Exception {
        ObjectNode event = signed(signer);
        JsonNode withHugeNumber = JSON.readTree(event.toString().replace("\"limit\":50.0", "\"limit\":1.5e400"));

        assertTrue(verifier.verify(withHugeNumber).refusal().contains("cannot be verified"));
    }

    @Test
    void keepsVerifyingEventsOfTheOldKeyDuringARotationAndNotAfter() {
        ObjectNode byOldKey = signed(new EventSigner("policy-1", PREVIOUS.getPrivate()));
        assertTrue(verifier.verify(byOldKey).valid());

        EventVerifier afterRotation = new EventVerifier(Map.of("policy-2", CURRENT.getPublic()));
        assertEquals("signed with key policy-1, which is not trusted", afterRotation.verify(byOldKey).refusal());
        assertTrue(afterRotation.verify(signed(signer)).valid());
    }

    @Test
    void signsOnlyEventsCarryingItsOwnHeader() {
        ObjectNode event = event(signer);
        ((ObjectNode) event.at("/data/signature")).put("key_id", "policy-1");

        assertThrows(IllegalArgumentException.class, () -> signer.sign(event));
    }

    @Test
    void refusesKeysThatCannotSignOrVerify() {
        assertThrows(SigningKeyException.class, () -> new EventSigner("bad id!", CURRENT.getPrivate()));
        assertThrows(SigningKeyException.class, () -> new EventVerifier(Map.of()));
        SigningKeyException ed448 = assertThrows(SigningKeyException.class, () -> new EventSigner("policy-3",
                java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate()));
        assertTrue(ed448.getMessage().contains("not an Ed25519"));
        assertFalse(signer.toString().contains(Ed25519Keys.privateKeyPem(CURRENT.getPrivate()).substring(28, 60)));
    }
}
