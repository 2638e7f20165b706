package io.connectors.platform.secrets;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code vault} provider through the Quarkus Vault client against a local fake of Vault's Transit HTTP API. */
@QuarkusTest
@QuarkusTestResource(value = FakeVaultResource.class, restrictToAnnotatedClass = true)
class VaultTransitCipherTest {

    private static final String ORG = "11111111-1111-4111-8111-111111111111";
    private static final String OTHER_ORG = "22222222-2222-4222-8222-222222222222";
    private static final String CONFIG = "c1b2c3d4-e5f6-7890-abcd-ef1234567890";
    private static final String OTHER_CONFIG = "d1b2c3d4-e5f6-7890-abcd-ef1234567890";
    private static final byte[] SECRET = "{\"api_token\":\"canary-vault-51\"}".getBytes(StandardCharsets.UTF_8);

    @Inject
    SecretCipher cipher;

    @BeforeEach
    void forgetRequests() {
        FakeVaultResource.vault().clearRequests();
    }

    @Test
    void encryptsThroughTransitWithTheTokenAndTheOrgAndConfigAsContext() {
        String envelope = await(cipher.encrypt(ORG, CONFIG, SECRET));

        int latest = FakeVaultResource.vault().latestVersion(FakeVaultResource.KEY);
        assertTrue(envelope.startsWith("vault:connectors-credentials:vault:v" + latest + ":"), envelope);
        assertFalse(envelope.contains("canary-vault-51"));
        List<FakeVault.Recorded> requests = FakeVaultResource.vault().requests();
        assertEquals(1, requests.size(), requests.toString());
        FakeVault.Recorded encrypt = requests.get(0);
        assertEquals("POST", encrypt.method());
        assertEquals("/v1/transit/encrypt/connectors-credentials", encrypt.path());
        assertEquals(FakeVaultResource.TOKEN, encrypt.token());
        assertEquals(ORG + "|" + CONFIG, decode(encrypt.item().path("context").asText()));
        assertArrayEquals(SECRET, Base64.getDecoder().decode(encrypt.item().path("plaintext").asText()));
    }

    @Test
    void decryptsWhatItEncryptedForTheSameOrgAndConfig() {
        String envelope = await(cipher.encrypt(ORG, CONFIG, SECRET));
        assertArrayEquals(SECRET, await(cipher.decrypt(ORG, CONFIG, envelope)));
        FakeVault.Recorded decrypt = FakeVaultResource.vault().requests().get(1);
        assertEquals("/v1/transit/decrypt/connectors-credentials", decrypt.path());
        assertEquals(envelope.substring("vault:connectors-credentials:".length()), decrypt.item().path("ciphertext").asText());
    }

    @Test
    void refusesToDecryptUnderAnotherOrgOrConfig() {
        String envelope = await(cipher.encrypt(ORG, CONFIG, SECRET));
        SecretCipherException otherOrg = assertThrows(SecretCipherException.class, () -> await(cipher.decrypt(OTHER_ORG, CONFIG, envelope)));
        assertFalse(otherOrg.getMessage().contains("canary-vault-51"));
        assertThrows(SecretCipherException.class, () -> await(cipher.decrypt(ORG, OTHER_CONFIG, envelope)));
    }

    @Test
    void rewrapsToTheLatestKeyVersionAfterARotation() {
        String underV1 = await(cipher.encrypt(ORG, CONFIG, SECRET));
        int before = FakeVaultResource.vault().latestVersion(FakeVaultResource.KEY);
        rotateKey();

        String rewrapped = await(cipher.rewrap(ORG, CONFIG, underV1));

        assertTrue(rewrapped.startsWith("vault:connectors-credentials:vault:v" + (before + 1) + ":"), rewrapped);
        assertArrayEquals(SECRET, await(cipher.decrypt(ORG, CONFIG, rewrapped)));
        assertTrue(FakeVaultResource.vault().requests().stream()
                .anyMatch(r -> r.path().equals("/v1/transit/rewrap/connectors-credentials")));
    }

    @Test
    void refusesEnvelopesOfAnotherProviderWithoutCallingVault() {
        assertThrows(SecretCipherException.class, () -> await(cipher.decrypt(ORG, CONFIG, "local:v1:k1:AAAA")));
        assertThrows(SecretCipherException.class, () -> await(cipher.decrypt(ORG, CONFIG, "vault:connectors-credentials:garbage")));
        assertTrue(FakeVaultResource.vault().requests().isEmpty());
    }

    private static void rotateKey() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(FakeVaultResource.vault().url()
                                    + "/v1/transit/keys/" + FakeVaultResource.KEY + "/rotate"))
                            .header("X-Vault-Token", FakeVaultResource.TOKEN)
                            .POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(204, response.statusCode());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }
}
