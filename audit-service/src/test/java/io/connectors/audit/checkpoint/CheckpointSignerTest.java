package io.connectors.audit.checkpoint;

import io.connectors.audit.trail.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointSignerTest {

    private static final String ORG = "11111111-1111-4111-8111-111111111111";

    @Test
    void verifiesItsOwnSignature() {
        CheckpointSigner signer = new CheckpointSigner(Optional.empty());
        Checkpoint checkpoint = signer.sign(ORG, 42, "ab".repeat(32));
        assertEquals(signer.keyId(), checkpoint.keyId());
        assertTrue(signer.verify(checkpoint));
    }

    @Test
    void refusesACheckpointWhoseHeadWasChanged() {
        CheckpointSigner signer = new CheckpointSigner(Optional.empty());
        Checkpoint c = signer.sign(ORG, 42, "ab".repeat(32));
        assertFalse(signer.verify(new Checkpoint(c.orgId(), c.keyId(), 43, c.hash(), c.signedAt(), c.signature())));
        assertFalse(signer.verify(new Checkpoint(c.orgId(), c.keyId(), 42, "cd".repeat(32), c.signedAt(), c.signature())));
        assertFalse(signer.verify(new Checkpoint("other-org", c.keyId(), 42, c.hash(), c.signedAt(), c.signature())));
        assertFalse(signer.verify(new Checkpoint(c.orgId(), c.keyId(), 42, c.hash(), c.signedAt(), "not base64!")));
    }

    @Test
    void refusesACheckpointSignedByAnotherKey() {
        CheckpointSigner ours = new CheckpointSigner(Optional.empty());
        CheckpointSigner theirs = new CheckpointSigner(Optional.empty());
        Checkpoint forged = theirs.sign(ORG, 1, "ab".repeat(32));
        assertNotEquals(ours.keyId(), theirs.keyId());
        assertFalse(ours.verify(forged));
        assertFalse(ours.verify(new Checkpoint(ORG, ours.keyId(), 1, forged.hash(), forged.signedAt(), forged.signature())));
    }

    @Test
    void loadsAKeyPairFromAPemFileAndKeepsItsIdAcrossStarts(@TempDir Path dir) throws Exception {
        Path file = writePem(dir.resolve("key.pem"), KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), null);
        CheckpointSigner first = new CheckpointSigner(Optional.of(file));
        CheckpointSigner second = new CheckpointSigner(Optional.of(file));
        assertEquals(first.keyId(), second.keyId());
        assertTrue(second.verify(first.sign(ORG, 5, "ef".repeat(32))));
        assertArrayEquals(first.derivedKey("cursor"), second.derivedKey("cursor"));
    }

    @Test
    void refusesAKeyFileWhosePublicKeyBelongsToAnotherPrivateKey(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        Path file = writePem(dir.resolve("key.pem"), generator.generateKeyPair(), generator.generateKeyPair());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new CheckpointSigner(Optional.of(file)));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void refusesAKeyFileWithoutItsPublicKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key.pem");
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(file, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        assertThrows(IllegalStateException.class, () -> new CheckpointSigner(Optional.of(file)));
    }

    @Test
    void derivesDifferentKeysForDifferentPurposes() {
        CheckpointSigner signer = new CheckpointSigner(Optional.empty());
        assertFalse(java.util.Arrays.equals(signer.derivedKey("a"), signer.derivedKey("b")));
    }

    private static Path writePem(Path file, KeyPair keys, KeyPair publicFrom) throws Exception {
        Files.writeString(file, pem("PRIVATE KEY", keys.getPrivate().getEncoded())
                + pem("PUBLIC KEY", (publicFrom == null ? keys : publicFrom).getPublic().getEncoded()));
        return file;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
