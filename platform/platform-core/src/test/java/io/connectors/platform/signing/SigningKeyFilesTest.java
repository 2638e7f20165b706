package io.connectors.platform.signing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigningKeyFilesTest {

    private static final String SETTING = "connectors.policy.approvals.signing.key-file";

    @TempDir
    Path dir;

    @Test
    void makesAnOwnerOnlyKeyOnceWhenAllowedAndReadsItAfterwards() throws Exception {
        Path file = dir.resolve("secrets/approval-signing.key");

        SigningKeyFiles.LoadedKey made = SigningKeyFiles.loadOrGenerate(file, true, SETTING);
        SigningKeyFiles.LoadedKey read = SigningKeyFiles.loadOrGenerate(file, true, SETTING);

        assertTrue(made.generated());
        assertFalse(read.generated());
        assertNull(read.publicKey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertFalse(SigningKeyFiles.readableByOthers(file));
        assertEquals(made.privateKey(), read.privateKey(), "the key made once is the key used afterwards");
        String publicPem = Files.readString(dir.resolve("secrets/approval-signing.key.pub"));
        PublicKey published = Ed25519Keys.publicKey(publicPem.replaceAll("-----[A-Z ]+-----", ""), "pub");
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(read.privateKey());
        signature.update(new byte[]{1, 2, 3});
        byte[] value = signature.sign();
        signature.initVerify(published);
        signature.update(new byte[]{1, 2, 3});
        assertTrue(signature.verify(value), "the .pub file holds the key's public half");
        try (var files = Files.list(file.getParent())) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void refusesToStartWithoutAKeyWhenNotAllowedToMakeOne() {
        Path file = dir.resolve("absent.key");
        SigningKeyException failure = assertThrows(SigningKeyException.class,
                () -> SigningKeyFiles.loadOrGenerate(file, false, SETTING));

        assertTrue(failure.getMessage().contains(file.toString()) && failure.getMessage().contains(SETTING)
                && failure.getMessage().contains("does not exist"), failure.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void neverReplacesAFileThatIsNotAKey() throws Exception {
        Path file = dir.resolve("approval-signing.key");
        Files.writeString(file, "password=hunter2\n");

        SigningKeyException failure = assertThrows(SigningKeyException.class,
                () -> SigningKeyFiles.loadOrGenerate(file, true, SETTING));

        assertTrue(failure.getMessage().contains("is not a PEM private key"), failure.getMessage());
        assertFalse(failure.getMessage().contains("hunter2"));
        assertEquals("password=hunter2\n", Files.readString(file));
    }

    @Test
    void readsTrustedKeysByIdAndNamesTheBadOne() throws Exception {
        String current = Ed25519Keys.publicKeyBase64(Ed25519Keys.generate().getPublic());
        String previous = Ed25519Keys.publicKeyBase64(Ed25519Keys.generate().getPublic());
        Path file = dir.resolve("trusted.keys");
        Files.writeString(file, "# rotation: the previous key stays until its events are consumed\npolicy-2=" + current
                + "\npolicy-1 = " + previous + "\n", StandardCharsets.US_ASCII);

        Map<String, PublicKey> keys = SigningKeyFiles.trustedKeys(file);
        assertEquals(java.util.Set.of("policy-1", "policy-2"), keys.keySet());
        assertEquals(current, Ed25519Keys.publicKeyBase64(keys.get("policy-2")));

        Files.writeString(file, "policy-1=" + previous + "\npolicy-2=nope\n");
        SigningKeyException bad = assertThrows(SigningKeyException.class, () -> SigningKeyFiles.trustedKeys(file));
        assertTrue(bad.getMessage().startsWith("Trusted key policy-2 in the trusted keys file " + file), bad.getMessage());

        assertThrows(SigningKeyException.class, () -> SigningKeyFiles.trustedKeys(Map.of("bad id", current), "config"));
        assertTrue(assertThrows(SigningKeyException.class, () -> SigningKeyFiles.trustedKeys(dir.resolve("none.keys")))
                .getMessage().contains("cannot be read"));
    }

    @Test
    void buildsAVerifierFromTheFileAndInlineKeysAndRefusesNoneOrTwice() throws Exception {
        String fileKey = Ed25519Keys.publicKeyBase64(Ed25519Keys.generate().getPublic());
        String inlineKey = Ed25519Keys.publicKeyBase64(Ed25519Keys.generate().getPublic());
        Path file = dir.resolve("trusted.keys");
        Files.writeString(file, "policy-1=" + fileKey + "\n", StandardCharsets.US_ASCII);

        EventVerifier verifier = SigningKeyFiles.verifier(trusted(file, Map.of("policy-2", inlineKey)),
                "connectors.config.approvals", "approval");
        assertEquals(java.util.Set.of("policy-1", "policy-2"), verifier.keyIds());

        SigningKeyException none = assertThrows(SigningKeyException.class,
                () -> SigningKeyFiles.verifier(trusted(null, Map.of()), "connectors.config.approvals", "approval"));
        assertTrue(none.getMessage().contains("connectors.config.approvals.trusted-keys-file")
                && none.getMessage().contains("CONNECTORS_CONFIG_APPROVALS_TRUSTED_KEYS_FILE"), none.getMessage());
        SigningKeyException twice = assertThrows(SigningKeyException.class, () -> SigningKeyFiles.verifier(
                trusted(file, Map.of("policy-1", inlineKey)), "connectors.config.approvals", "approval"));
        assertTrue(twice.getMessage().contains("policy-1 is configured twice"), twice.getMessage());
    }

    private static TrustedKeysConfig trusted(Path file, Map<String, String> inline) {
        return new TrustedKeysConfig() {
            @Override
            public java.util.Optional<Path> trustedKeysFile() {
                return java.util.Optional.ofNullable(file);
            }

            @Override
            public Map<String, String> trustedKey() {
                return inline;
            }
        };
    }
}
