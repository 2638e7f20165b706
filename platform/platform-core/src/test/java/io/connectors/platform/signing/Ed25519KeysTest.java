package io.connectors.platform.signing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ed25519KeysTest {

    /** A throwaway pair made by {@code openssl genpkey -algorithm ed25519}, as ./suite and the operators make them. */
    private static final String OPENSSL_PRIVATE_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIA15GIoOiOh8bB9vOsmpUAXKEz8YVmJ0dWOS2nWWYUc9
            -----END PRIVATE KEY-----
            """;
    /** Its public key: {@code openssl pkey -pubout -outform DER | base64}. */
    private static final String OPENSSL_PUBLIC = "MCowBQYDK2VwAyEAjiahOP/pac+xEAxtQtZZTI6IOYuC3vZFKXsE8t5EeK8=";

    @Test
    void readsTheKeysOpensslMakes() throws Exception {
        PrivateKey privateKey = Ed25519Keys.privateKeyFromPem(OPENSSL_PRIVATE_PEM, "test");
        PublicKey publicKey = Ed25519Keys.publicKey(OPENSSL_PUBLIC, "test");

        assertTrue(verifies(publicKey, sign(privateKey)));
        assertEquals(OPENSSL_PUBLIC, Ed25519Keys.publicKeyBase64(publicKey));
    }

    @Test
    void readsARawPublicKeyAndWritesWhatItReads() throws Exception {
        KeyPair pair = Ed25519Keys.generate();
        byte[] spki = pair.getPublic().getEncoded();
        String raw = Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));

        assertTrue(verifies(Ed25519Keys.publicKey(raw, "test"), sign(pair.getPrivate())));
        PrivateKey reread = Ed25519Keys.privateKeyFromPem(Ed25519Keys.privateKeyPem(pair.getPrivate()), "test");
        assertTrue(verifies(Ed25519Keys.publicKey(Ed25519Keys.publicKeyBase64(pair.getPublic()), "test"), sign(reread)));
    }

    @Test
    void explainsWhyAPrivateKeyCannotBeUsedWithoutRepeatingIt() throws Exception {
        String rsa = Ed25519Keys.privateKeyPem(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate());
        String ed448 = Ed25519Keys.privateKeyPem(KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate());
        String[][] cases = {
                {"not a key at all", "is not a PEM private key"},
                {OPENSSL_PUBLIC, "is not a PEM private key"},
                {"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----", "encrypted"},
                {"-----BEGIN PRIVATE KEY-----\n%%%%\n-----END PRIVATE KEY-----", "body is not base64"},
                {OPENSSL_PRIVATE_PEM.replace("MC4CAQAw", "MC4CAQAx"), "is not an Ed25519 private key"},
                {rsa, "is not an Ed25519"},
                {ed448, "is not an Ed25519"},
        };
        for (String[] c : cases) {
            SigningKeyException failure = assertThrows(SigningKeyException.class,
                    () -> Ed25519Keys.privateKeyFromPem(c[0], "The file /keys/approval.pem"));
            assertTrue(failure.getMessage().startsWith("The file /keys/approval.pem"), failure.getMessage());
            assertTrue(failure.getMessage().contains(c[1]), failure.getMessage());
            assertFalse(failure.getMessage().contains("MC4CAQAw"), "never the key material");
        }
    }

    @Test
    void explainsWhyAPublicKeyCannotBeUsed() throws Exception {
        String rsa = Base64.getEncoder().encodeToString(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded());
        assertTrue(assertThrows(SigningKeyException.class, () -> Ed25519Keys.publicKey("%%%", "Trusted key k1"))
                .getMessage().contains("is not base64"));
        assertTrue(assertThrows(SigningKeyException.class, () -> Ed25519Keys.publicKey("AAAA", "Trusted key k1"))
                .getMessage().contains("is not an Ed25519 public key"));
        assertTrue(assertThrows(SigningKeyException.class, () -> Ed25519Keys.publicKey(rsa, "Trusted key k1"))
                .getMessage().startsWith("Trusted key k1 is not an Ed25519"));
    }

    private static byte[] sign(PrivateKey key) throws Exception {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key);
        signature.update("event".getBytes(StandardCharsets.UTF_8));
        return signature.sign();
    }

    private static boolean verifies(PublicKey key, byte[] value) throws Exception {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(key);
        signature.update("event".getBytes(StandardCharsets.UTF_8));
        return signature.verify(value);
    }

    @Test
    void derivesTheKeyIdAuditCheckpointsStoreAndSignsRawBytes() {
        // Pinned: audit checkpoints already stored name their key by this derivation; it must never change.
        PublicKey key = Ed25519Keys.publicKey("MCowBQYDK2VwAyEAx5caAGxoQ5EKtn/XaUtcVCZ0Qjc9G/yzuzMQa104sqA=", "test");
        assertEquals("d151f4dce2ed8820", Ed25519Keys.fingerprint(key));

        java.security.KeyPair pair = Ed25519Keys.generate();
        byte[] message = {1, 2, 3};
        byte[] signature = Ed25519Keys.sign(pair.getPrivate(), message);
        assertTrue(Ed25519Keys.verify(pair.getPublic(), message, signature));
        assertFalse(Ed25519Keys.verify(pair.getPublic(), new byte[]{1, 2, 4}, signature));
        assertFalse(Ed25519Keys.verify(pair.getPublic(), message, new byte[3]), "malformed is false, not an exception");
        assertTrue(Ed25519Keys.isPair(pair.getPublic(), pair.getPrivate()));
        assertFalse(Ed25519Keys.isPair(key, pair.getPrivate()));
    }

    @Test
    void readsPemBlocksWithTheirLinesAndNamesWhatIsWrong() {
        java.security.KeyPair pair = Ed25519Keys.generate();
        String text = "# comment\n" + Pem.block(Pem.PUBLIC_KEY, pair.getPublic().getEncoded());
        java.util.List<Pem.Block> blocks = Pem.blocks(text, "keys.pem", java.util.Set.of(Pem.PUBLIC_KEY));
        assertEquals(1, blocks.size());
        assertEquals(2, blocks.get(0).line());
        assertEquals(pair.getPublic(), Ed25519Keys.publicKey(blocks.get(0).der(), "not a key"));
        SigningKeyException wrongType = assertThrows(SigningKeyException.class,
                () -> Pem.blocks(text, "keys.pem", java.util.Set.of(Pem.PRIVATE_KEY)));
        assertTrue(wrongType.getMessage().startsWith("Line 2 of keys.pem begins a block of type 'PUBLIC KEY'"),
                wrongType.getMessage());
    }
}
