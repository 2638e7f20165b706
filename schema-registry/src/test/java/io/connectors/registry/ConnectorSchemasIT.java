package io.connectors.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(SchemaRegistryProfile.class)
class ConnectorSchemasIT {

    /** The seed's example response, verbatim. */
    private static final String SEED_CROWDSTRIKE = """
            {
            "crowdstrike": {
            "fields": {
            "client_id": { "type": "string", "required": true, "description": "OAuth2 client ID" },
            "client_secret": { "type": "string", "required": true, "sensitive": true, "description": "OAuth2 client secret" },
            "base_url": { "type": "string", "required": false, "default": "https://api.crowdstrike.com" }
            }
            }
            }
            """;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void reproducesTheSeedExampleForCrowdStrikeFieldForFieldAndInOrder() throws Exception {
        JsonNode seed = json.readTree(SEED_CROWDSTRIKE).get("crowdstrike");
        JsonNode served = schemas("acme-viewer").get("crowdstrike");

        assertEquals(seed, served);
        assertEquals(names(seed.get("fields")), names(served.get("fields")));
        for (String field : names(seed.get("fields"))) {
            assertEquals(names(seed.get("fields").get(field)), names(served.get("fields").get(field)), field);
        }
    }

    @Test
    void keysEveryEnabledTypeAndLeavesOutDisabledOnes() throws Exception {
        JsonNode served = schemas("globex-auditor");

        assertEquals(List.of("crowdstrike", "email", "jira", "opsgenie", "pagerduty", "sentinelone", "servicenow", "slack",
                "splunk", "webhook"), names(served));
        assertFalse(served.has(RetiredFaxType.ID));
    }

    @Test
    void showsTheCurrentMajorVersionsFieldsWithSensitiveOnlyWhenTrue() throws Exception {
        JsonNode jira = schemas("acme-deployer").get("jira").get("fields");

        assertTrue(jira.get("email").get("required").asBoolean(), "jira 2.x requires the email");
        assertTrue(jira.get("api_token").get("sensitive").asBoolean());
        assertFalse(jira.get("email").has("sensitive"));
        assertEquals("string", jira.get("base_url").get("type").asText());
    }

    @Test
    void servesServicesToo() {
        RestAssured.given().auth().oauth2(KeycloakServer.get().serviceToken("config-service"))
                .get("/v1/connectors/schemas").then().statusCode(200)
                .body("slack.fields.token.sensitive", equalTo(true));
    }

    @Test
    void refusesAnonymousAndForgedTokensWithProblemJson() {
        RestAssured.get("/v1/connectors/schemas").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
        RestAssured.given().auth().oauth2("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")
                .get("/v1/connectors/schemas").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }

    private JsonNode schemas(String user) throws Exception {
        String body = RestAssured.given().auth().oauth2(KeycloakServer.get().token(user))
                .get("/v1/connectors/schemas").then().statusCode(200).contentType("application/json")
                .extract().asString();
        return json.readTree(body);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
