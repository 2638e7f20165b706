package io.connectors.audit.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointKeysTest {

    private static final KeyPair PAIR = pair("Ed25519");
    private static final String PRIVATE = CheckpointKeys.block("PRIVATE KEY", PAIR.getPrivate().getEncoded());
    private static final String PUBLIC = CheckpointKeys.block("PUBLIC KEY", PAIR.getPublic().getEncoded());

    @Test
    void readsTheActivePairAndEveryRetiredPublicKeyIgnoringComments() {
        KeyPair retired = pair("Ed25519");
        CheckpointKeys keys = CheckpointKeys.parse("# a comment\n" + CheckpointKeys.block("PUBLIC KEY", retired.getPublic().getEncoded())
                + "retired in March\n" + PRIVATE + PUBLIC, "keys.pem");
        assertEquals(CheckpointKeys.keyId(PAIR.getPublic()), keys.activeKeyId());
        assertEquals(2, keys.keyIds().size());
        assertNotNull(keys.publicKey(CheckpointKeys.keyId(retired.getPublic())));
        assertEquals(null, keys.publicKey("0123456789abcdef"));
    }

    @Test
    void acceptsWindowsLineEndingsAndIndentedBlocks() {
        CheckpointKeys keys = CheckpointKeys.parse((PRIVATE + PUBLIC).replace("\n", "\r\n").replace("-----BEGIN", "  -----BEGIN"), "k");
        assertEquals(CheckpointKeys.keyId(PAIR.getPublic()), keys.activeKeyId());
    }

    @Test
    void namesWhatIsWrongWithAKeyFileWithoutShowingTheKey() {
        String body = Base64.getEncoder().encodeToString(PAIR.getPrivate().getEncoded());
        String rsaPrivate = CheckpointKeys.block("PRIVATE KEY", pair("RSA").getPrivate().getEncoded());
        String otherPublic = CheckpointKeys.block("PUBLIC KEY", pair("Ed25519").getPublic().getEncoded());
        record Case(String pem, String expected) {
        }
        for (Case c : new Case[] {
                new Case("", "has no PRIVATE KEY block"),
                new Case(PUBLIC, "has no PRIVATE KEY block"),
                new Case(PRIVATE, "None of the PUBLIC KEY blocks of keys.pem belongs to its PRIVATE KEY"),
                new Case(PRIVATE + otherPublic, "None of the PUBLIC KEY blocks of keys.pem belongs to its PRIVATE KEY"),
                new Case(PRIVATE + PUBLIC + PRIVATE, "has 2 PRIVATE KEY blocks (lines [1, 7])"),
                new Case(rsaPrivate + PUBLIC, "The PRIVATE KEY block at line 1 of keys.pem is not an Ed25519 key"),
                new Case(PRIVATE + CheckpointKeys.block("PUBLIC KEY", pair("RSA").getPublic().getEncoded()),
                        "The PUBLIC KEY block at line 4 of keys.pem is not an Ed25519 public key"),
                new Case(PRIVATE.replace(body.substring(0, 8), "!!!!!!!!") + PUBLIC, "at line 1 of keys.pem is not valid base64"),
                new Case(PRIVATE.replace("-----END PRIVATE KEY-----\n", "") + PUBLIC,
                        "The PRIVATE KEY block at line 1 of keys.pem is not closed by '-----END PRIVATE KEY-----' before line 3"),
                new Case(PRIVATE + PUBLIC.replace("-----END PUBLIC KEY-----\n", ""), "has no '-----END PUBLIC KEY-----' line"),
                new Case("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n" + PUBLIC,
                        "Line 1 of keys.pem begins a block of type 'ENCRYPTED PRIVATE KEY'"),
                new Case("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n", "type 'EC PRIVATE KEY'"),
                new Case("-----END PRIVATE KEY-----\n" + PRIVATE + PUBLIC, "Line 1 of keys.pem ends a PEM block that was not begun"),
                new Case("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n" + PUBLIC, "at line 1 of keys.pem is empty")}) {
            CheckpointKeyException e = assertThrows(CheckpointKeyException.class, () -> CheckpointKeys.parse(c.pem(), "keys.pem"),
                    c.expected());
            assertTrue(e.getMessage().contains(c.expected()), e.getMessage() + " should say: " + c.expected());
            assertFalse(e.getMessage().contains(body.substring(0, 16)), "never the key itself: " + e.getMessage());
        }
    }

    @Test
    void refusesAMissingFileUnlessAllowedToMakeIt(@TempDir Path dir) {
        Path file = dir.resolve("missing.pem");
        CheckpointKeyException e = assertThrows(CheckpointKeyException.class, () -> CheckpointKeys.load(file, false));
        assertTrue(e.getMessage().contains(file + " does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("connectors.audit.checkpoint.generate-if-missing"), e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void makesAMissingFileOnceReadableByItsOwnerOnlyAndKeepsItsKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state").resolve("secrets").resolve("checkpoint.pem");
        CheckpointKeys made = CheckpointKeys.load(file, true);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        String pem = Files.readString(file);
        assertTrue(pem.contains("-----BEGIN PRIVATE KEY-----") && pem.contains("-----BEGIN PUBLIC KEY-----"), pem);
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(1, leftovers.count(), "no temporary file left behind");
        }
        CheckpointKeys again = CheckpointKeys.load(file, true);
        assertEquals(made.activeKeyId(), again.activeKeyId(), "made once, then read");
        assertEquals(pem, Files.readString(file));
    }

    @Test
    void neverOverwritesAKeyFileThatIsThereButBroken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("checkpoint.pem");
        Files.writeString(file, "not a key");
        assertThrows(CheckpointKeyException.class, () -> CheckpointKeys.load(file, true));
        assertEquals("not a key", Files.readString(file));
    }

    private static KeyPair pair(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
