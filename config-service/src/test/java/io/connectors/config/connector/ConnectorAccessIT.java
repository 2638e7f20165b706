package io.connectors.config.connector;

import io.connectors.config.ConfigServiceProfile;
import io.connectors.platform.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.connectors.config.Api.CONNECTORS;
import static io.connectors.config.Api.as;
import static io.connectors.config.Api.createId;
import static io.connectors.config.Api.crowdstrike;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/** Who may do what: reads for every user of the org, writes for admins and deployers, nothing across orgs. */
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class ConnectorAccessIT {

    @ParameterizedTest
    @ValueSource(strings = {"acme-admin", "acme-deployer", "acme-approver", "acme-auditor", "acme-viewer"})
    void everyUserOfTheOrgReads(String user) {
        String id = createId("acme-admin", crowdstrike());
        as(user).get(CONNECTORS).then().statusCode(200);
        as(user).get(CONNECTORS + "/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme-admin", "acme-deployer"})
    void adminsAndDeployersWrite(String user) {
        String id = createId(user, crowdstrike());
        as(user).body("{\"description\": \"by " + user + "\"}").patch(CONNECTORS + "/" + id).then().statusCode(200);
        as(user).delete(CONNECTORS + "/" + id).then().statusCode(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme-approver", "acme-auditor", "acme-viewer"})
    void otherRolesCannotWrite(String user) {
        String id = createId("acme-admin", crowdstrike());
        as(user).body(crowdstrike().toString()).post(CONNECTORS).then().statusCode(403)
                .contentType("application/problem+json");
        as(user).body("{\"description\": \"x\"}").patch(CONNECTORS + "/" + id).then().statusCode(403);
        as(user).delete(CONNECTORS + "/" + id).then().statusCode(403);
        as("acme-admin").get(CONNECTORS + "/" + id).then().statusCode(200).body("description", equalTo(null));
    }

    @Test
    void refusesRequestsWithoutAToken() {
        String id = createId("acme-admin", crowdstrike());
        RestAssured.given().get(CONNECTORS).then().statusCode(401);
        RestAssured.given().get(CONNECTORS + "/" + id).then().statusCode(401);
        RestAssured.given().contentType("application/json").body(crowdstrike().toString()).post(CONNECTORS)
                .then().statusCode(401);
        RestAssured.given().contentType("application/json").body("{\"description\": \"x\"}")
                .patch(CONNECTORS + "/" + id).then().statusCode(401);
        RestAssured.given().delete(CONNECTORS + "/" + id).then().statusCode(401);
    }

    @Test
    void refusesAForgedToken() {
        RestAssured.given().auth().oauth2("eyJhbGciOiJub25lIn0.eyJvcmdfaWQiOiJ4In0.").get(CONNECTORS)
                .then().statusCode(401);
    }

    @Test
    void anotherOrgsConnectorIsNotFoundForEveryMethod() {
        String id = createId("acme-admin", crowdstrike());
        as("globex-admin").get(CONNECTORS + "/" + id).then().statusCode(404).contentType("application/problem+json");
        as("globex-admin").body("{\"description\": \"hijack\"}").patch(CONNECTORS + "/" + id).then().statusCode(404);
        as("globex-admin").delete(CONNECTORS + "/" + id).then().statusCode(404);
        as("globex-admin").queryParam("pageSize", 200).get(CONNECTORS).then().statusCode(200)
                .body("configs.id", not(hasItem(id)))
                .body("configs.org_id", not(hasItem(KeycloakServer.ACME_ORG)));
        as("acme-admin").get(CONNECTORS + "/" + id).then().statusCode(200).body("description", equalTo(null));
    }

    @Test
    void theOrgComesFromTheTokenNotTheBody() {
        var body = crowdstrike();
        body.put("org_id", KeycloakServer.GLOBEX_ORG);
        as("acme-admin").body(body.toString()).post(CONNECTORS).then().statusCode(400);
        as("acme-admin").queryParam("org_id", KeycloakServer.GLOBEX_ORG).queryParam("pageSize", 200)
                .get(CONNECTORS).then().statusCode(200)
                .body("configs.org_id", not(hasItem(KeycloakServer.GLOBEX_ORG)));
    }

    @Test
    void aServiceTokenWithoutAnOrgCannotUseOrgEndpoints() {
        RestAssured.given().auth().oauth2(KeycloakServer.get().serviceToken("execution-service"))
                .get(CONNECTORS + "/" + UUID.randomUUID()).then().statusCode(403);
    }
}
