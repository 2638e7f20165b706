package io.connectors.platform.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalKeyRingTest {

    @TempDir
    Path dir;

    @Test
    void loadsKeysFromAFileAndTheEnvironmentAndUsesTheNamedActiveKey() throws IOException {
        Path file = Files.writeString(dir.resolve("keys.properties"), "k1=" + key() + "\nk2=" + key() + "\n");
        LocalKeyRing ring = LocalKeyRing.load(config(file, "k3:" + key(), "k2"));
        assertEquals("k2", ring.activeKeyId());
        ring.key("k1");
        ring.key("k3");
    }

    @Test
    void aSingleKeyIsActiveWithoutBeingNamed() {
        assertEquals("only", LocalKeyRing.load(config(null, "only:" + key(), null)).activeKeyId());
    }

    @Test
    void refusesToStartWithoutAnyKey() {
        SecretCipherException e = assertThrows(SecretCipherException.class, () -> LocalKeyRing.load(config(null, null, null)));
        assertTrue(e.getMessage().contains("CONNECTORS_SECRETS_LOCAL_KEY"), e.getMessage());
    }

    @Test
    void refusesSeveralKeysWithoutAnActiveOne() throws IOException {
        Path file = Files.writeString(dir.resolve("keys.properties"), "k1=" + key() + "\nk2=" + key() + "\n");
        assertThrows(SecretCipherException.class, () -> LocalKeyRing.load(config(file, null, null)));
    }

    @Test
    void refusesAnActiveKeyThatIsNotConfigured() {
        assertThrows(SecretCipherException.class, () -> LocalKeyRing.load(config(null, "k1:" + key(), "k9")));
    }

    @Test
    void refusesKeysOfTheWrongSizeWithoutEchoingThem() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        SecretCipherException e = assertThrows(SecretCipherException.class,
                () -> LocalKeyRing.load(config(null, "k1:" + shortKey, null)));
        assertFalse(e.getMessage().contains(shortKey));
        assertThrows(SecretCipherException.class, () -> LocalKeyRing.load(config(null, "k1:not base64!", null)));
        assertThrows(SecretCipherException.class, () -> LocalKeyRing.load(config(null, "no-separator", null)));
        assertThrows(SecretCipherException.class, () -> LocalKeyRing.load(config(null, "bad id:" + key(), null)));
    }

    @Test
    void refusesTheSameKeyIdTwice() throws IOException {
        Path file = Files.writeString(dir.resolve("keys.properties"), "k1=" + key() + "\n");
        assertThrows(SecretCipherException.class, () -> LocalKeyRing.load(config(file, "k1:" + key(), "k1")));
    }

    @Test
    void refusesAMissingKeyFile() {
        assertThrows(SecretCipherException.class, () -> LocalKeyRing.load(config(dir.resolve("absent"), null, null)));
    }

    private static String key() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static SecretsConfig.Local config(Path file, String key, String active) {
        return new SecretsConfig.Local() {
            @Override
            public Optional<Path> keyFile() {
                return Optional.ofNullable(file);
            }

            @Override
            public Optional<String> key() {
                return Optional.ofNullable(key);
            }

            @Override
            public Optional<String> activeKeyId() {
                return Optional.ofNullable(active);
            }
        };
    }
}
