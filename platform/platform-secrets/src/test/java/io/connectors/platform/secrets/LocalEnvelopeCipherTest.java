package io.connectors.platform.secrets;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalEnvelopeCipherTest {

    private static final String ORG = "11111111-1111-4111-8111-111111111111";
    private static final String OTHER_ORG = "22222222-2222-4222-8222-222222222222";
    private static final String CONFIG = "c1b2c3d4-e5f6-7890-abcd-ef1234567890";
    private static final String OTHER_CONFIG = "d1b2c3d4-e5f6-7890-abcd-ef1234567890";
    private static final byte[] SECRET = "{\"client_secret\":\"canary-7f3a9\"}".getBytes(StandardCharsets.UTF_8);

    private final SecretKey k1 = randomKey();
    private final SecretKey k2 = randomKey();
    private final LocalEnvelopeCipher cipher = cipher(Map.of("k1", k1), "k1");

    @Test
    void decryptsWhatItEncryptedForTheSameOrgAndConfig() {
        String envelope = await(cipher.encrypt(ORG, CONFIG, SECRET));
        assertArrayEquals(SECRET, await(cipher.decrypt(ORG, CONFIG, envelope)));
    }

    @Test
    void envelopeNamesProviderAndKeyButNeverThePlaintext() {
        String envelope = await(cipher.encrypt(ORG, CONFIG, SECRET));
        assertTrue(envelope.startsWith("local:v1:k1:"), envelope);
        assertFalse(envelope.contains("canary-7f3a9"));
        assertFalse(envelope.contains(Base64.getEncoder().encodeToString("canary-7f3a9".getBytes(StandardCharsets.UTF_8))));
        assertFalse(envelope.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET)));
    }

    @Test
    void encryptsTheSameSecretDifferentlyEachTime() {
        assertNotEquals(await(cipher.encrypt(ORG, CONFIG, SECRET)), await(cipher.encrypt(ORG, CONFIG, SECRET)));
    }

    @Test
    void refusesToDecryptUnderAnotherOrg() {
        String envelope = await(cipher.encrypt(ORG, CONFIG, SECRET));
        assertThrows(SecretCipherException.class, () -> await(cipher.decrypt(OTHER_ORG, CONFIG, envelope)));
    }

    @Test
    void refusesToDecryptUnderAnotherConfig() {
        String envelope = await(cipher.encrypt(ORG, CONFIG, SECRET));
        assertThrows(SecretCipherException.class, () -> await(cipher.decrypt(ORG, OTHER_CONFIG, envelope)));
    }

    @Test
    void refusesATamperedCiphertext() {
        String envelope = await(cipher.encrypt(ORG, CONFIG, SECRET));
        char last = envelope.charAt(envelope.length() - 2);
        String tampered = envelope.substring(0, envelope.length() - 2) + (last == 'A' ? 'B' : 'A') + envelope.charAt(envelope.length() - 1);
        assertThrows(SecretCipherException.class, () -> await(cipher.decrypt(ORG, CONFIG, tampered)));
    }

    @Test
    void refusesMalformedEnvelopes() {
        for (String malformed : new String[] {null, "", "vault:k:vault:v1:abc", "local:v1:", "local:v1:k1",
                "local:v1:bad key:AAAA", "local:v1:k1:%%%", "local:v1:k1:AAAA"}) {
            assertThrows(SecretCipherException.class, () -> await(cipher.decrypt(ORG, CONFIG, malformed)), String.valueOf(malformed));
        }
    }

    @Test
    void refusesBindingsThatCouldBeConfusedWithOthers() {
        assertThrows(SecretCipherException.class, () -> await(cipher.encrypt(ORG + "|x", CONFIG, SECRET)));
        assertThrows(SecretCipherException.class, () -> await(cipher.encrypt(ORG, " ", SECRET)));
        assertThrows(SecretCipherException.class, () -> await(cipher.encrypt(null, CONFIG, SECRET)));
    }

    @Test
    void rotationRewrapsToTheActiveKeySoTheOldKeyCanBeRetired() {
        String underK1 = await(cipher.encrypt(ORG, CONFIG, SECRET));
        Map<String, SecretKey> both = new LinkedHashMap<>();
        both.put("k1", k1);
        both.put("k2", k2);
        LocalEnvelopeCipher rotated = cipher(both, "k2");

        assertArrayEquals(SECRET, await(rotated.decrypt(ORG, CONFIG, underK1)), "old envelopes still open during rotation");
        String underK2 = await(rotated.rewrap(ORG, CONFIG, underK1));
        assertTrue(underK2.startsWith("local:v1:k2:"), underK2);

        LocalEnvelopeCipher k2Only = cipher(Map.of("k2", k2), "k2");
        assertArrayEquals(SECRET, await(k2Only.decrypt(ORG, CONFIG, underK2)));
        assertThrows(SecretCipherException.class, () -> await(k2Only.decrypt(ORG, CONFIG, underK1)));
    }

    @Test
    void refusesToRewrapUnderAnotherBinding() {
        String envelope = await(cipher.encrypt(ORG, CONFIG, SECRET));
        LocalEnvelopeCipher rotated = cipher(Map.of("k1", k1, "k2", k2), "k2");
        assertThrows(SecretCipherException.class, () -> await(rotated.rewrap(OTHER_ORG, CONFIG, envelope)));
    }

    private static LocalEnvelopeCipher cipher(Map<String, SecretKey> keys, String active) {
        return new LocalEnvelopeCipher(new LocalKeyRing(keys, active));
    }

    private static SecretKey randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    private static <T> T await(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(5));
    }
}
