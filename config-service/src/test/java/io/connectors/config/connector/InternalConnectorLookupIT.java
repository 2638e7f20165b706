package io.connectors.config.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.config.ConfigServiceProfile;
import io.connectors.config.KafkaRecords;
import io.connectors.platform.events.Topics;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.platform.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.connectors.config.Api.CONNECTORS;
import static io.connectors.config.Api.JSON;
import static io.connectors.config.Api.as;
import static io.connectors.config.Api.createId;
import static io.connectors.config.Api.crowdstrike;
import static io.connectors.config.Api.token;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The internal lookup execution-service uses before its read model has a new connector: the current config event's
 * data, org-scoped, for execution-service's token alone; every miss looks the same and hostile paths are 4xx.
 */
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class InternalConnectorLookupIT {

    private static final String ACME = KeycloakServer.ACME_ORG;
    private static final String GLOBEX = KeycloakServer.GLOBEX_ORG;

    @Inject
    SecretCipher cipher;

    @Test
    void answersANewConnectorRightAfterItsCreateAsItsConfigEventWithTheCredentialsOnlyEncrypted() throws IOException {
        String canary = "canary-" + UUID.randomUUID();
        String id = createId("acme-admin", crowdstrike(UUID.randomUUID(), canary));

        Response lookup = asExecutionService().get(path(ACME, id)).then()
                .statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .extract().response();

        JsonNode body = JSON.readTree(lookup.asString());
        assertEquals(configEventData(id, 1), body, "exactly the data of the connector's config event");
        assertEquals(ACME, body.get("org_id").asText());
        assertEquals(1, body.get("version").asInt());
        assertEquals(1, body.get("credentials_version").asInt());
        String envelope = body.get("credentials_ciphertext").asText();
        byte[] plaintext = cipher.decrypt(ACME, id, envelope).await().atMost(Duration.ofSeconds(5));
        assertEquals(canary, JSON.readTree(new String(plaintext, StandardCharsets.UTF_8)).get("client_secret").asText());
        for (String form : List.of(canary, base64(canary), base64("\"" + canary + "\""))) {
            assertFalse(lookup.asString().contains(form), "the secret appears (" + form + ") in " + lookup.asString());
        }
    }

    @Test
    void answersTheNewVersionAfterAnUpdate() throws IOException {
        String id = createId("acme-admin", crowdstrike());
        as("acme-admin").body("{\"enabled\": false, \"permitted_operations\": [\"hosts:read\"]}")
                .patch(CONNECTORS + "/" + id).then().statusCode(200);

        JsonNode body = JSON.readTree(asExecutionService().get(path(ACME, id)).then().statusCode(200).extract().asString());

        assertEquals(2, body.get("version").asInt());
        assertEquals(false, body.get("enabled").asBoolean(true));
        assertEquals("[\"hosts:read\"]", body.get("permitted_operations").toString());
        assertEquals(configEventData(id, 2), body);
    }

    @Test
    void aDeletedConnectorIsNotFound() {
        String id = createId("acme-admin", crowdstrike());
        asExecutionService().get(path(ACME, id)).then().statusCode(200);
        as("acme-admin").delete(CONNECTORS + "/" + id).then().statusCode(204);

        asExecutionService().get(path(ACME, id)).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anotherOrgsUnknownDeletedAndNonUuidIdsAreTheSameNotFound() throws IOException {
        String acmeConnector = createId("acme-admin", crowdstrike());
        String globexConnector = createId("globex-admin", crowdstrike());
        String deleted = createId("acme-admin", crowdstrike());
        as("acme-admin").delete(CONNECTORS + "/" + deleted).then().statusCode(204);

        List<String> misses = List.of(path(GLOBEX, acmeConnector), path(ACME, globexConnector), path(ACME, deleted),
                path(ACME, UUID.randomUUID().toString()), path(ACME, "not-a-uuid"), path(ACME, "12345"));
        JsonNode first = null;
        for (String miss : misses) {
            JsonNode problem = JSON.readTree(asExecutionService().get(miss).then().statusCode(404)
                    .contentType("application/problem+json").extract().asString());
            assertEquals(miss, problem.get("instance").asText());
            ((ObjectNode) problem).remove("instance");
            if (first == null) {
                first = problem;
            }
            assertEquals(first, problem, "nothing tells " + miss + " apart from another miss");
        }
        asExecutionService().get(path(GLOBEX, globexConnector)).then().statusCode(200).body("org_id", equalTo(GLOBEX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "not-a-uuid", "11111111-1111-4111-8111-11111111111", "11111111111141118111111111111111",
            "11111111-1111-4111-8111-111111111111x", "' or '1'='1"})
    void aMalformedOrgIdIsABadRequestNamingTheField(String orgId) {
        asExecutionService().get("/internal/v1/orgs/{org}/connectors/{id}", orgId, UUID.randomUUID().toString())
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("org_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme-admin", "acme-deployer", "acme-viewer", "globex-admin"})
    void usersAreForbiddenWhateverTheirRole(String user) {
        String id = createId("acme-admin", crowdstrike());
        RestAssured.given().auth().oauth2(token(user)).get(path(ACME, id)).then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(not(containsString("credentials_ciphertext")));
        // the rule applies before the path is looked at: a bad org id tells a user nothing either
        RestAssured.given().auth().oauth2(token(user)).get(path("acme", id)).then().statusCode(403);
    }

    /** Each carries role service, none capability connectors:lookup (execution-service's alone). */
    @ParameterizedTest
    @ValueSource(strings = {"policy-service", "audit-service", "schema-registry", "config-service"})
    void otherServicesAreForbidden(String client) {
        String id = createId("acme-admin", crowdstrike());
        RestAssured.given().auth().oauth2(KeycloakServer.get().serviceToken(client)).get(path(ACME, id)).then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("title", equalTo("Forbidden"))
                .body(not(containsString("credentials_ciphertext")));
        // refused before the path is looked at, as for users
        RestAssured.given().auth().oauth2(KeycloakServer.get().serviceToken(client)).get(path("acme", id)).then()
                .statusCode(403);
    }

    @Test
    void refusesRequestsWithoutAValidToken() {
        String id = createId("acme-admin", crowdstrike());
        RestAssured.given().get(path(ACME, id)).then().statusCode(401).contentType("application/problem+json");
        RestAssured.given().auth().oauth2("eyJhbGciOiJub25lIn0.eyJhenAiOiJleGVjdXRpb24tc2VydmljZSJ9.")
                .get(path(ACME, id)).then().statusCode(401);
    }

    /** Sent as written (no client-side encoding or normalisation): never a 500, never another org's data. */
    @ParameterizedTest
    @ValueSource(strings = {
            "/internal/v1/orgs/" + ACME + "/connectors/%00",
            "/internal/v1/orgs/" + ACME + "/connectors/x%00y",
            "/internal/v1/orgs/" + ACME + "/connectors/..%2F..%2F..%2Fv1%2Fconnectors",
            "/internal/v1/orgs/" + ACME + "/connectors/..%2f",
            "/internal/v1/orgs/" + ACME + "/connectors/%2e%2e%2f%2e%2e%2f",
            "/internal/v1/orgs/" + ACME + "/connectors/%C0%AE%C0%AE%2F",
            "/internal/v1/orgs/" + ACME + "/connectors/%27%20or%201%3D1--",
            "/internal/v1/orgs/..%2F" + GLOBEX + "/connectors/" + "00000000-0000-4000-8000-000000000000",
            "/internal/v1/orgs/%00/connectors/00000000-0000-4000-8000-000000000000",
            "/internal/v1/orgs/" + ACME + "%00/connectors/00000000-0000-4000-8000-000000000000",
            "/internal/v1/orgs/" + ACME + "/connectors/00000000-0000-4000-8000-000000000000%00",
            "/internal/v1/orgs/" + ACME + "/connectors/00000000-0000-4000-8000-000000000000/..%2F..",
            "/internal/v1/orgs/" + ACME + "/connectors/",
            "/internal/v1/orgs//connectors/00000000-0000-4000-8000-000000000000"})
    void hostilePathsAreClientErrors(String path) {
        asExecutionService().urlEncodingEnabled(false).get(path).then()
                .statusCode(allOf(greaterThanOrEqualTo(400), lessThan(500)))
                .body(not(containsString("credentials_ciphertext")));
    }

    /**
     * nginx resolves dot segments, also percent-encoded ones, before it routes, then forwards {@code /v1/connectors...}
     * as the client wrote it: these forms reach config-service unresolved and must not land on the lookup.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/v1/connectors/..;/..;/internal/v1/orgs/%s/connectors/%s",
            "/v1/connectors/..;/../internal/v1/orgs/%s/connectors/%s",
            "/v1/connectors/%%252e%%252e/%%252e%%252e/internal/v1/orgs/%s/connectors/%s",
            "/v1/connectors/..%%252F..%%252Finternal/v1/orgs/%s/connectors/%s"})
    void pathsUnderThePublicPrefixNeverReachTheLookup(String template) {
        String id = createId("acme-admin", crowdstrike());
        asExecutionService().urlEncodingEnabled(false).get(template.formatted(ACME, id)).then()
                .statusCode(allOf(greaterThanOrEqualTo(400), lessThan(500)))
                .body(not(containsString("credentials_ciphertext")));
    }

    @ParameterizedTest
    @ValueSource(ints = {2_000, 10_000})
    void aVeryLongIdIsAClientError(int length) {
        asExecutionService().get(path(ACME, "a".repeat(length))).then()
                .statusCode(allOf(greaterThanOrEqualTo(400), lessThan(500)));
        asExecutionService().get(path("1".repeat(length), UUID.randomUUID().toString())).then()
                .statusCode(allOf(greaterThanOrEqualTo(400), lessThan(500)));
    }

    private static RequestSpecification asExecutionService() {
        return RestAssured.given().auth().oauth2(KeycloakServer.get().serviceToken("execution-service"));
    }

    private static String path(String orgId, String id) {
        return "/internal/v1/orgs/" + orgId + "/connectors/" + id;
    }

    /** The {@code data} of the connector's config event at {@code version}, as relayed to the topic. */
    private static JsonNode configEventData(String id, int version) {
        return KafkaRecords.await(Topics.CONFIG, 1, record -> id.equals(record.key()) && record.value() != null
                        && read(record.value()).at("/data/version").asInt() == version)
                .stream().map(record -> read(record.value()).get("data")).findFirst().orElseThrow();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
