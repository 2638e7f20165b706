package io.connectors.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(SchemaRegistryProfile.class)
class ConnectorTypesIT {

    private static final List<String> REAL_TYPES = List.of("crowdstrike", "email", "jira", "opsgenie", "pagerduty",
            "sentinelone", "servicenow", "slack", "splunk", "webhook");
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String CANARY = "canary-secret-5b1e77";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void listsEveryTypeWithItsCurrentVersionAndFlags() {
        as("acme-viewer").get("/v1/connector-types").then().statusCode(200)
                .body("total", equalTo(REAL_TYPES.size() + 1))
                .body("connector_types.type", hasItems(REAL_TYPES.toArray(String[]::new)))
                .body("connector_types.find { it.type == 'jira' }.version", equalTo("2.0.0"))
                .body("connector_types.find { it.type == 'jira' }.major_version", equalTo(2))
                .body("connector_types.find { it.type == 'jira' }.versions", contains("1.0.0", "2.0.0"))
                .body("connector_types.find { it.type == 'jira' }.deprecated", equalTo(false))
                .body("connector_types.find { it.type == 'fax' }.enabled", equalTo(false))
                .body("connector_types.findAll { it.type != 'fax' }.enabled", everyItem(equalTo(true)));
    }

    @Test
    void describesATypeWithItsSchemasAndScoredOperations() {
        as("globex-viewer").get("/v1/connector-types/crowdstrike").then().statusCode(200)
                .body("type", equalTo("crowdstrike"))
                .body("name", equalTo("CrowdStrike Falcon"))
                .body("version", equalTo("1.0.0"))
                .body("versions", contains("1.0.0"))
                .body("enabled", equalTo(true))
                .body("config_schema.type", equalTo("object"))
                .body("credential_schema.required", contains("client_id", "client_secret"))
                .body("credential_schema.properties.client_secret.writeOnly", equalTo(true))
                .body("credential_schema.properties.base_url.default", equalTo("https://api.crowdstrike.com"))
                .body("operations.name", contains("detections:read", "hosts:read", "hosts:contain", "hosts:lift_containment"))
                .body("operations.find { it.name == 'hosts:contain' }.class", equalTo("destructive"))
                .body("operations.find { it.name == 'hosts:contain' }.base_risk", equalTo(80))
                .body("operations.find { it.name == 'hosts:contain' }.idempotent", equalTo(true))
                .body("operations.find { it.name == 'hosts:contain' }.params_schema.required", contains("ids"))
                .body("operations.find { it.name == 'detections:read' }.class", equalTo("read"))
                .body("operations.find { it.name == 'detections:read' }.params_schema.properties.limit.maximum", equalTo(10000));
    }

    @Test
    void keepsServingTheOlderMajorVersionWhenAsked() {
        as("acme-viewer").queryParam("version", 1).get("/v1/connector-types/jira").then().statusCode(200)
                .body("version", equalTo("1.0.0"))
                .body("major_version", equalTo(1))
                .body("deprecated", equalTo(true))
                .body("versions", contains("1.0.0", "2.0.0"))
                .body("credential_schema.required", not(hasItem("email")));
        as("acme-viewer").get("/v1/connector-types/jira").then().statusCode(200)
                .body("version", equalTo("2.0.0"))
                .body("credential_schema.required", hasItem("email"));
    }

    @Test
    void answersNotFoundForAnUnknownTypeOrMajorVersion() {
        for (String path : List.of("/v1/connector-types/telex", "/v1/connector-types/CrowdStrike",
                "/v1/connector-types/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/v1/connector-types/" + "x".repeat(2000))) {
            as("acme-viewer").get(path).then().statusCode(404).contentType(startsWith(PROBLEM_JSON))
                    .body("status", equalTo(404));
        }
        as("acme-viewer").queryParam("version", 3).get("/v1/connector-types/jira").then().statusCode(404)
                .contentType(startsWith(PROBLEM_JSON));
    }

    @Test
    void refusesAVersionThatIsNotAMajorNumber() {
        for (String version : List.of("1.0.0", "abc", "-1", "0", "99999999999")) {
            as("acme-viewer").queryParam("version", version).get("/v1/connector-types/jira").then().statusCode(400)
                    .contentType(startsWith(PROBLEM_JSON))
                    .body("errors[0].field", equalTo("version"));
        }
    }

    @Test
    void acceptsTheExampleConfigurationOfEveryType() throws Exception {
        for (String type : REAL_TYPES) {
            JsonNode detail = detail(type);
            ObjectNode body = json.createObjectNode();
            body.set("config", detail.at("/config_schema/examples/0"));
            body.set("credentials", detail.at("/credential_schema/examples/0"));
            ArrayNode operations = body.putArray("permitted_operations");
            detail.get("operations").forEach(operation -> operations.add(operation.get("name")));

            validate(type, body).then().statusCode(200)
                    .body("valid", equalTo(true))
                    .body("errors", hasSize(0));
        }
    }

    @Test
    void reportsEveryProblemOfABadConfigurationOfEveryTypeAtOnce() throws Exception {
        for (String type : REAL_TYPES) {
            JsonNode detail = detail(type);
            ObjectNode body = json.createObjectNode();
            body.set("config", ((ObjectNode) detail.at("/config_schema/examples/0")).put("colour", "blue"));
            body.set("credentials", ((ObjectNode) detail.at("/credential_schema/examples/0")).put("leaked_field", 1));
            body.putArray("permitted_operations").add(detail.at("/operations/0/name")).add("hosts:format_disk");

            validate(type, body).then().statusCode(200)
                    .body("valid", equalTo(false))
                    .body("errors.field", contains("config.colour", "credentials.leaked_field", "permitted_operations[1]"))
                    .body("errors.message", contains(equalTo("unknown field"), equalTo("unknown field"), startsWith("unknown operation")));
        }
    }

    @Test
    void namesTheFieldAtFaultForMissingAndWrongTypedValues() {
        validate("crowdstrike", """
                {"credentials": {"client_id": 42, "base_url": "ftp://api.crowdstrike.com"}, "permitted_operations": [7, "hosts:read"]}
                """).then().statusCode(200)
                .body("valid", equalTo(false))
                .body("errors.field", contains("credentials.base_url", "credentials.client_id", "credentials.client_secret",
                        "permitted_operations[0]"))
                .body("errors.message", contains("must be an http or https URL", "expected a string", "is required",
                        "expected an operation name"));
        validate("crowdstrike", "{\"permitted_operations\": \"hosts:read\", \"config\": \"x\", \"credential\": {}}").then()
                .statusCode(200)
                .body("errors.field", contains("credential", "permitted_operations", "config"))
                .body("errors.message", contains("unknown field", "expected an array of operation names", "expected an object"));
        validate("crowdstrike", "{}").then().statusCode(200)
                .body("errors.field", contains("permitted_operations"))
                .body("errors.message", contains("is required"));
    }

    @Test
    void validatesAgainstTheRequestedMajorVersion() {
        String dataCenter = """
                {"config": {"project_key": "SEC"}, "credentials": {"base_url": "https://jira.example.com", "api_token": "pat"},
                 "permitted_operations": ["issues:create"]}
                """;
        validateVersion("jira", "1", dataCenter).then().statusCode(200).body("valid", equalTo(true));
        validate("jira", dataCenter).then().statusCode(200)
                .body("valid", equalTo(false))
                .body("errors.field", contains("credentials.email"));
        validateVersion("jira", "5", dataCenter).then().statusCode(404).contentType(startsWith(PROBLEM_JSON));
    }

    @Test
    void refusesNewConfigurationsOfADisabledTypeButStillDescribesIt() {
        validate(RetiredFaxType.ID, "{\"credentials\": {\"number\": \"+15550100\"}, \"permitted_operations\": [\"pages:send\"]}")
                .then().statusCode(200)
                .body("valid", equalTo(false))
                .body("errors.field", contains("connector_type"))
                .body("errors.message", contains("this connector type is disabled"));
        as("acme-viewer").get("/v1/connector-types/" + RetiredFaxType.ID).then().statusCode(200)
                .body("enabled", equalTo(false));
    }

    @Test
    void answersNotFoundWhenValidatingAnUnknownType() {
        validate("telex", "{\"permitted_operations\": []}").then().statusCode(404).contentType(startsWith(PROBLEM_JSON));
    }

    @Test
    void refusesMalformedJsonWithProblemJson() {
        validate("crowdstrike", "{\"credentials\": {").then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    void refusesABodyThatIsNotAJsonObject() {
        for (String body : List.of("[]", "null", "\"config\"", "42")) {
            validate("crowdstrike", body).then().statusCode(400)
                    .contentType(startsWith(PROBLEM_JSON))
                    .body("errors[0].field", equalTo("body"));
        }
        as("acme-viewer").contentType(ContentType.JSON).post("/v1/connector-types/crowdstrike/validate").then()
                .statusCode(400).contentType(startsWith(PROBLEM_JSON));
    }

    @Test
    void refusesADeeplyNestedBody() {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        validate("crowdstrike", "{\"config\": " + nested + "}").then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON));
    }

    @Test
    void refusesAnOversizedBodyWith413() {
        String padding = "a".repeat(300 * 1024);
        validate("crowdstrike", "{\"config\": {\"padding\": \"" + padding + "\"}, \"permitted_operations\": []}").then()
                .statusCode(413)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(413))
                .body("instance", equalTo("/v1/connector-types/crowdstrike/validate"));
    }

    @Test
    void refusesABodyThatIsNotJson() {
        as("acme-viewer").contentType(ContentType.TEXT).body("client_id=x").post("/v1/connector-types/crowdstrike/validate")
                .then().statusCode(415).contentType(startsWith(PROBLEM_JSON));
    }

    @Test
    void listsAtMostOneHundredErrorsForAHostileBody() {
        ArrayNode operations = json.createArrayNode();
        for (int i = 0; i < 5000; i++) {
            operations.add("op:" + i);
        }
        ObjectNode body = json.createObjectNode();
        body.set("permitted_operations", operations);
        validate("slack", body.toString()).then().statusCode(200).body("errors", hasSize(100));
        ObjectNode unknownFields = json.createObjectNode();
        for (int i = 0; i < 5000; i++) {
            unknownFields.put("f" + i, i);
        }
        unknownFields.putArray("permitted_operations");
        validate("slack", unknownFields.toString()).then().statusCode(200).body("errors", hasSize(100));
    }

    @Test
    void neverEchoesACredentialValue() {
        String body = validate("pagerduty", """
                {"credentials": {"routing_key": "%s", "base_url": "%s"}, "config": {"routing_key": "%s"}, "permitted_operations": []}
                """.formatted(CANARY, CANARY, CANARY)).then().statusCode(200).extract().asString();
        assertTrue(body.contains("credentials.routing_key"), body);
        assertFalse(body.contains(CANARY), body);
    }

    @Test
    void servesTheSameCatalogToEveryOrgAndToServices() {
        int acme = as("acme-admin").get("/v1/connector-types").then().statusCode(200).extract().path("total");
        int globex = as("globex-approver").get("/v1/connector-types").then().statusCode(200).extract().path("total");
        int service = RestAssured.given().auth().oauth2(KeycloakServer.get().serviceToken("execution-service"))
                .get("/v1/connector-types").then().statusCode(200).extract().path("total");
        assertEquals(acme, globex);
        assertEquals(acme, service);
        RestAssured.given().auth().oauth2(KeycloakServer.get().serviceToken("config-service"))
                .contentType(ContentType.JSON).body("{\"permitted_operations\": [\"channels:read\"]}")
                .post("/v1/connector-types/slack/validate").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void refusesAnonymousCallsToEveryEndpoint() {
        RestAssured.get("/v1/connector-types").then().statusCode(401).contentType(startsWith(PROBLEM_JSON));
        RestAssured.get("/v1/connector-types/crowdstrike").then().statusCode(401).contentType(startsWith(PROBLEM_JSON));
        RestAssured.given().contentType(ContentType.JSON).body("{}").post("/v1/connector-types/crowdstrike/validate")
                .then().statusCode(401).contentType(startsWith(PROBLEM_JSON));
    }

    private RequestSpecification as(String user) {
        return RestAssured.given().auth().oauth2(KeycloakServer.get().token(user));
    }

    private JsonNode detail(String type) throws Exception {
        return json.readTree(as("acme-viewer").get("/v1/connector-types/" + type).then().statusCode(200).extract().asString());
    }

    private io.restassured.response.Response validate(String type, Object body) {
        return as("acme-deployer").contentType(ContentType.JSON).body(body.toString())
                .post("/v1/connector-types/" + type + "/validate");
    }

    private io.restassured.response.Response validateVersion(String type, String version, String body) {
        return as("acme-deployer").contentType(ContentType.JSON).queryParam("version", version).body(body)
                .post("/v1/connector-types/" + type + "/validate");
    }
}
