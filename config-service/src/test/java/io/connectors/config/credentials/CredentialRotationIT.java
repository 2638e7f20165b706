package io.connectors.config.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.config.ConfigServiceProfile;
import io.connectors.config.KafkaRecords;
import io.connectors.platform.events.Topics;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.platform.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.connectors.config.Api.CONNECTORS;
import static io.connectors.config.Api.JSON;
import static io.connectors.config.Api.as;
import static io.connectors.config.Api.createId;
import static io.connectors.config.Api.crowdstrike;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Key rotation: an admin rewraps the org's stored credentials to the active key without anyone seeing them. */
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class CredentialRotationIT {

    private static final String REWRAP = "/v1/credentials/rewrap";

    @Inject
    SecretCipher cipher;

    @Test
    void rewrapsEveryCredentialOfTheOrgAndPublishesTheNewEnvelope() throws IOException {
        String id = createId("globex-admin", crowdstrike(UUID.randomUUID(), "rotated-secret-value"));
        String before = envelope(id, 1);

        as("globex-admin").post(REWRAP).then().statusCode(200).body("rewrapped", greaterThanOrEqualTo(1));

        String after = envelope(id, 2);
        assertNotEquals(before, after);
        byte[] plaintext = cipher.decrypt(KeycloakServer.GLOBEX_ORG, id, after).await().atMost(Duration.ofSeconds(5));
        assertEquals("rotated-secret-value",
                JSON.readTree(new String(plaintext, StandardCharsets.UTF_8)).get("client_secret").asText());
        as("globex-viewer").get(CONNECTORS + "/" + id).then()
                .statusCode(200)
                .body("version", equalTo(2))
                .body("credentials_version", equalTo(1));
    }

    @Test
    void onlyAdminsRewrap() {
        as("globex-deployer").post(REWRAP).then().statusCode(403);
        as("globex-viewer").post(REWRAP).then().statusCode(403);
        RestAssured.given().post(REWRAP).then().statusCode(401);
    }

    private static String envelope(String id, int version) {
        JsonNode event = KafkaRecords.await(Topics.CONFIG, 1, record -> id.equals(record.key()) && record.value() != null
                && read(record.value()).at("/data/version").asInt() == version).stream()
                .map(record -> read(record.value())).findFirst().orElseThrow();
        return event.at("/data/credentials_ciphertext").asText();
    }

    private static JsonNode read(String value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
