package io.connectors.audit.checkpoint;

import io.connectors.audit.checkpoint.CheckpointSigner.SignatureCheck;
import io.connectors.audit.trail.ChainHead;
import io.connectors.audit.trail.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointSignerTest {

    private static final String ORG = "11111111-1111-4111-8111-111111111111";

    @Test
    void verifiesItsOwnSignature() {
        CheckpointSigner signer = new CheckpointSigner(CheckpointKeys.ephemeral());
        Checkpoint checkpoint = signer.sign(ORG, 42, "ab".repeat(32));
        assertEquals(signer.keyId(), checkpoint.keyId());
        assertEquals(SignatureCheck.VALID, signer.check(checkpoint));
        assertTrue(signer.verify(checkpoint));
    }

    @Test
    void refusesACheckpointWhoseHeadWasChanged() {
        CheckpointSigner signer = new CheckpointSigner(CheckpointKeys.ephemeral());
        Checkpoint c = signer.sign(ORG, 42, "ab".repeat(32));
        for (Checkpoint edited : new Checkpoint[] {
                new Checkpoint(c.orgId(), c.keyId(), 43, c.hash(), c.signedAt(), c.signature()),
                new Checkpoint(c.orgId(), c.keyId(), 42, "cd".repeat(32), c.signedAt(), c.signature()),
                new Checkpoint("other-org", c.keyId(), 42, c.hash(), c.signedAt(), c.signature()),
                new Checkpoint(c.orgId(), c.keyId(), 42, c.hash(), c.signedAt().plusMillis(1), c.signature()),
                new Checkpoint(c.orgId(), c.keyId(), 42, c.hash(), c.signedAt(), "not base64!"),
                new Checkpoint(c.orgId(), c.keyId(), 42, c.hash(), c.signedAt(), null)}) {
            assertEquals(SignatureCheck.INVALID, signer.check(edited), edited.toString());
            assertFalse(signer.verify(edited));
        }
    }

    @Test
    void signsManyOrgsHeadsWithOneSignatureEachCheckpointVerifyingAlone() {
        CheckpointSigner signer = new CheckpointSigner(CheckpointKeys.ephemeral());
        for (int orgs = 1; orgs <= 9; orgs++) {
            Map<String, ChainHead> heads = new LinkedHashMap<>();
            for (int i = 0; i < orgs; i++) {
                heads.put("org-" + i, new ChainHead(10 + i, Integer.toHexString(i).repeat(64).substring(0, 64)));
            }
            List<Checkpoint> signed = signer.signAll(heads);
            assertEquals(orgs, signed.size());
            assertEquals(1, signed.stream().map(Checkpoint::signature).distinct().count(), "one signature");
            for (int i = 0; i < orgs; i++) {
                Checkpoint c = signed.get(i);
                assertEquals("org-" + i, c.orgId());
                assertEquals(10 + i, c.seq());
                assertEquals(orgs == 1, c.proof() == null, "a single head is signed as by sign()");
                assertEquals(SignatureCheck.VALID, signer.check(c), orgs + " orgs, " + c);
                assertEquals(SignatureCheck.INVALID, signer.check(new Checkpoint(c.orgId(), c.keyId(), c.seq() + 1, c.hash(),
                        c.signedAt(), c.signature(), c.proof())), "an edited head");
                if (orgs > 1) {
                    Checkpoint other = signed.get((i + 1) % orgs);
                    assertEquals(SignatureCheck.INVALID, signer.check(new Checkpoint(c.orgId(), c.keyId(), c.seq(), c.hash(),
                            c.signedAt(), c.signature(), other.proof())), "another org's path");
                    assertEquals(SignatureCheck.INVALID, signer.check(new Checkpoint(c.orgId(), c.keyId(), c.seq(), c.hash(),
                            c.signedAt(), c.signature(), null)), "the path dropped");
                    String flipped = (c.proof().charAt(0) == 'L' ? 'R' : 'L') + c.proof().substring(1);
                    for (String bad : List.of(flipped, c.proof() + ",", "X" + c.proof().substring(1), c.proof().substring(2))) {
                        assertEquals(SignatureCheck.INVALID, signer.check(new Checkpoint(c.orgId(), c.keyId(), c.seq(), c.hash(),
                                c.signedAt(), c.signature(), bad)), bad);
                    }
                }
            }
        }
    }

    @Test
    void tellsAnUnknownKeyFromAForgedSignature() {
        CheckpointSigner ours = new CheckpointSigner(CheckpointKeys.ephemeral());
        CheckpointSigner theirs = new CheckpointSigner(CheckpointKeys.ephemeral());
        Checkpoint foreign = theirs.sign(ORG, 1, "ab".repeat(32));
        assertNotEquals(ours.keyId(), theirs.keyId());
        assertEquals(SignatureCheck.UNKNOWN_KEY, ours.check(foreign));
        assertEquals(SignatureCheck.INVALID, ours.check(new Checkpoint(ORG, ours.keyId(), 1, foreign.hash(),
                foreign.signedAt(), foreign.signature())));
        assertEquals(SignatureCheck.UNKNOWN_KEY, ours.check(new Checkpoint(ORG, null, 1, foreign.hash(),
                foreign.signedAt(), foreign.signature())));
    }

    @Test
    void keepsItsKeyIdAndDerivedKeysAcrossStartsFromTheSameFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key.pem");
        Files.writeString(file, CheckpointKeys.pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair()));
        CheckpointSigner first = new CheckpointSigner(CheckpointKeys.load(file, false));
        CheckpointSigner second = new CheckpointSigner(CheckpointKeys.load(file, false));
        assertEquals(first.keyId(), second.keyId());
        assertEquals(SignatureCheck.VALID, second.check(first.sign(ORG, 5, "ef".repeat(32))));
        assertArrayEquals(first.derivedKey("cursor"), second.derivedKey("cursor"));
    }

    @Test
    void verifiesCheckpointsOfARetiredKeyAfterARotationInTwoSteps() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        KeyPair old = generator.generateKeyPair();
        KeyPair next = generator.generateKeyPair();
        CheckpointSigner before = signer(CheckpointKeys.pem(old));
        Checkpoint signedBefore = before.sign(ORG, 10, "ab".repeat(32));

        // Step 1: every replica learns the next public key while still signing with the old one.
        CheckpointSigner announced = signer(CheckpointKeys.pem(old) + CheckpointKeys.block("PUBLIC KEY", next.getPublic().getEncoded()));
        assertEquals(before.keyId(), announced.keyId());
        // Step 2: the next key signs; the old one stays as a public block.
        CheckpointSigner after = signer(CheckpointKeys.pem(next) + CheckpointKeys.block("PUBLIC KEY", old.getPublic().getEncoded()));
        assertNotEquals(before.keyId(), after.keyId());
        Checkpoint signedAfter = after.sign(ORG, 20, "cd".repeat(32));

        assertEquals(SignatureCheck.VALID, after.check(signedBefore), "a retired key's checkpoint still verifies");
        assertEquals(SignatureCheck.VALID, announced.check(signedAfter), "a replica not yet rolled verifies the next key");
        assertEquals(SignatureCheck.UNKNOWN_KEY, before.check(signedAfter), "without step 1 it would not");
        // A retired key verifies only: its checkpoints cannot be confused with the active key's.
        assertEquals(after.keyId(), signedAfter.keyId());
    }

    @Test
    void derivesDifferentKeysForDifferentPurposes() {
        CheckpointSigner signer = new CheckpointSigner(CheckpointKeys.ephemeral());
        assertFalse(java.util.Arrays.equals(signer.derivedKey("a"), signer.derivedKey("b")));
    }

    private static CheckpointSigner signer(String pem) {
        return new CheckpointSigner(CheckpointKeys.parse(pem, "test"));
    }
}
