package io.connectors.config.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.config.ConfigServiceProfile;
import io.connectors.platform.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.connectors.config.Api.CONNECTORS;
import static io.connectors.config.Api.JSON;
import static io.connectors.config.Api.as;
import static io.connectors.config.Api.create;
import static io.connectors.config.Api.createId;
import static io.connectors.config.Api.crowdstrike;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The seed's connector API: create, read, list, update, delete, with names, ETags and idempotent creates. */
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class ConnectorApiIT {

    private static final String ADMIN = "acme-admin";

    @Test
    void createsTheSeedExampleWithoutANameAndAnswers201WithRedactedCredentials() {
        UUID agent = UUID.randomUUID();
        String body = """
                {"agent_id": "%s", "connector_type": "crowdstrike",
                 "permitted_operations": ["detections:read", "hosts:read"],
                 "credentials": {"client_id": "abc123def456", "client_secret": "secret-value-here"}}""".formatted(agent);

        Response created = as(ADMIN).body(body).post(CONNECTORS).then()
                .statusCode(201)
                .header("ETag", "W/\"1\"")
                .body("org_id", equalTo(KeycloakServer.ACME_ORG))
                .body("agent_id", equalTo(agent.toString()))
                .body("connector_type", equalTo("crowdstrike"))
                .body("name", startsWith("crowdstrike-"))
                .body("enabled", equalTo(true))
                .body("permitted_operations", contains("detections:read", "hosts:read"))
                .body("credentials_configured", equalTo(true))
                .body("credentials_redacted.client_id", equalTo("abc1...****"))
                .body("credentials_redacted.client_secret", equalTo("****"))
                .body("credentials_redacted.base_url", equalTo("https://api.crowdstrike.com"))
                .body("credentials_fields_set", contains("base_url", "client_id", "client_secret"))
                .body("credentials_version", equalTo(1))
                .body("credentials_updated_at", notNullValue())
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue())
                .extract().response();
        String id = created.path("id");
        assertEquals(id, UUID.fromString(id).toString());
        assertEquals(true, created.header("Location").endsWith(CONNECTORS + "/" + id), created.header("Location"));
    }

    @Test
    void readsAConnectorWithItsETag() {
        Response created = create(ADMIN, crowdstrike());
        String id = created.path("id");
        as("acme-viewer").get(CONNECTORS + "/" + id).then()
                .statusCode(200)
                .header("ETag", "W/\"1\"")
                .body("id", equalTo(id))
                .body("name", equalTo(created.path("name")))
                .body("credentials_redacted.client_secret", equalTo("****"))
                .body("created_at", equalTo(created.path("created_at")));
    }

    @Test
    void createsWithoutCredentialsAsNotConfigured() {
        ObjectNode body = crowdstrike();
        body.remove("credentials");
        create(ADMIN, body).then()
                .body("credentials_configured", equalTo(false))
                .body("credentials_version", equalTo(0))
                .body("credentials_updated_at", nullValue())
                .body("credentials_fields_set", equalTo(List.of()));
    }

    @Test
    void listsOnlyTheAgentsConnectorsInCreationOrderWithPageLinks() {
        UUID agent = UUID.randomUUID();
        String first = createId(ADMIN, crowdstrike(agent, "s1"));
        String second = createId(ADMIN, crowdstrike(agent, "s2"));
        String third = createId(ADMIN, crowdstrike(agent, "s3"));
        createId(ADMIN, crowdstrike());

        as("acme-viewer").queryParam("agent_id", agent.toString()).queryParam("pageSize", 2).get(CONNECTORS).then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("page_number", equalTo(1))
                .body("page_size", equalTo(2))
                .body("configs.id", contains(first, second))
                .body("first_page", equalTo(CONNECTORS + "?agent_id=" + agent + "&pageSize=2&pageNumber=1"))
                .body("last_page", equalTo(CONNECTORS + "?agent_id=" + agent + "&pageSize=2&pageNumber=2"))
                .body("next_page", equalTo(CONNECTORS + "?agent_id=" + agent + "&pageSize=2&pageNumber=2"))
                .body("previous_page", nullValue());
        as("acme-viewer").queryParam("agent_id", agent.toString()).queryParam("pageSize", 2).queryParam("pageNumber", 2)
                .get(CONNECTORS).then()
                .statusCode(200)
                .body("configs.id", contains(third))
                .body("next_page", nullValue())
                .body("previous_page", equalTo(CONNECTORS + "?agent_id=" + agent + "&pageSize=2&pageNumber=1"));
    }

    @Test
    void updatesOnlyTheGivenFieldsAndKeepsTheCredentials() {
        Response created = create(ADMIN, crowdstrike());
        String id = created.path("id");

        as("acme-deployer").body("{\"permitted_operations\": [\"detections:read\", \"hosts:read\", \"hosts:contain\"]}")
                .patch(CONNECTORS + "/" + id).then()
                .statusCode(200)
                .header("ETag", "W/\"2\"")
                .body("permitted_operations", contains("detections:read", "hosts:read", "hosts:contain"))
                .body("name", equalTo(created.path("name")))
                .body("credentials_configured", equalTo(true))
                .body("credentials_version", equalTo(1))
                .body("credentials_redacted.client_id", equalTo("abc1...****"));
    }

    @Test
    void replacingCredentialsBumpsTheirVersionAndShowsWhichFieldsAreSet() {
        String id = createId(ADMIN, crowdstrike());
        as(ADMIN).body("{\"credentials\": {\"client_id\": \"zyx98765\", \"client_secret\": \"other\","
                        + " \"base_url\": \"https://api.eu-1.crowdstrike.com\"}}")
                .patch(CONNECTORS + "/" + id).then()
                .statusCode(200)
                .body("credentials_version", equalTo(2))
                .body("credentials_redacted.client_id", equalTo("zyx9...****"))
                .body("credentials_redacted.base_url", equalTo("https://api.eu-1.crowdstrike.com"));
    }

    @Test
    void refusesAnUpdateWithoutFields() {
        String id = createId(ADMIN, crowdstrike());
        as(ADMIN).body("{}").patch(CONNECTORS + "/" + id).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("body"));
    }

    @Test
    void deletesAConnectorWhichThenIsGone() {
        String id = createId(ADMIN, crowdstrike());
        as(ADMIN).delete(CONNECTORS + "/" + id).then().statusCode(204);
        as(ADMIN).get(CONNECTORS + "/" + id).then().statusCode(404).contentType("application/problem+json");
        as(ADMIN).delete(CONNECTORS + "/" + id).then().statusCode(404);
    }

    @Test
    void refusesADuplicateNameInTheSameOrgButNotInAnother() {
        ObjectNode body = crowdstrike();
        create(ADMIN, body);
        ObjectNode again = crowdstrike();
        again.put("name", body.get("name").asText().toUpperCase());
        as(ADMIN).body(again.toString()).post(CONNECTORS).then()
                .statusCode(409)
                .body("errors.field", contains("name"));
        again.put("name", body.get("name").asText());
        as("globex-admin").body(again.toString()).post(CONNECTORS).then().statusCode(201);
    }

    @Test
    void refusesRenamingOntoAnotherConnectorsName() {
        ObjectNode taken = crowdstrike();
        create(ADMIN, taken);
        String id = createId(ADMIN, crowdstrike());
        as(ADMIN).body("{\"name\": \"" + taken.get("name").asText() + "\"}").patch(CONNECTORS + "/" + id).then()
                .statusCode(409);
    }

    @Test
    void refusesAStaleIfMatchOnUpdateAndDelete() {
        String id = createId(ADMIN, crowdstrike());
        as(ADMIN).header("If-Match", "W/\"1\"").body("{\"description\": \"first\"}").patch(CONNECTORS + "/" + id)
                .then().statusCode(200).header("ETag", "W/\"2\"");
        as(ADMIN).header("If-Match", "W/\"1\"").body("{\"description\": \"lost update\"}").patch(CONNECTORS + "/" + id)
                .then().statusCode(412).contentType("application/problem+json");
        as(ADMIN).header("If-Match", "W/\"1\"").delete(CONNECTORS + "/" + id).then().statusCode(412);
        as(ADMIN).get(CONNECTORS + "/" + id).then().body("description", equalTo("first"));
        as(ADMIN).header("If-Match", "W/\"2\"").delete(CONNECTORS + "/" + id).then().statusCode(204);
    }

    @Test
    void answersARetriedCreateWithTheFirstResponseAndCreatesOnce() {
        UUID agent = UUID.randomUUID();
        ObjectNode body = crowdstrike(agent, "retry-secret");
        String key = UUID.randomUUID().toString();
        String first = as(ADMIN).header("Idempotency-Key", key).body(body.toString()).post(CONNECTORS).then()
                .statusCode(201).extract().path("id");
        as(ADMIN).header("Idempotency-Key", key).body(body.toString()).post(CONNECTORS).then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Location", endsWith(CONNECTORS + "/" + first))
                .body("id", equalTo(first));
        as(ADMIN).queryParam("agent_id", agent.toString()).get(CONNECTORS).then().body("total", equalTo(1));
    }

    @Test
    void refusesAnIdempotencyKeyReusedWithAnotherBody() {
        String key = UUID.randomUUID().toString();
        as(ADMIN).header("Idempotency-Key", key).body(crowdstrike().toString()).post(CONNECTORS).then().statusCode(201);
        as(ADMIN).header("Idempotency-Key", key).body(crowdstrike().toString()).post(CONNECTORS).then()
                .statusCode(422)
                .body("errors.field", contains("Idempotency-Key"));
    }

    @Test
    void keepsIdempotencyKeysPerOrg() {
        String key = UUID.randomUUID().toString();
        String acme = as(ADMIN).header("Idempotency-Key", key).body(crowdstrike().toString()).post(CONNECTORS)
                .then().statusCode(201).extract().path("id");
        String globex = as("globex-admin").header("Idempotency-Key", key).body(crowdstrike().toString())
                .post(CONNECTORS).then().statusCode(201).extract().path("id");
        assertNotEquals(acme, globex);
    }

    @Test
    void updatingDescriptionAndEnabledLeavesTheCredentialVersion() throws Exception {
        String id = createId(ADMIN, crowdstrike());
        var updated = JSON.readTree(as(ADMIN).body("{\"description\": \"SOC tenant\", \"enabled\": false}")
                .patch(CONNECTORS + "/" + id).then().statusCode(200).extract().asString());
        assertEquals("SOC tenant", updated.get("description").asText());
        assertEquals(false, updated.get("enabled").asBoolean());
        assertEquals(1, updated.get("credentials_version").asInt());
        assertEquals(2, updated.get("version").asInt());
        as(ADMIN).get(CONNECTORS + "/" + id).then().body("enabled", equalTo(false)).body("description", not(nullValue()));
    }
}
