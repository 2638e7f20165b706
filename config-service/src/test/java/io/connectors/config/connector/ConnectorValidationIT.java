package io.connectors.config.connector;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.config.ConfigServiceProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.connectors.config.Api.CONNECTORS;
import static io.connectors.config.Api.JSON;
import static io.connectors.config.Api.as;
import static io.connectors.config.Api.createId;
import static io.connectors.config.Api.crowdstrike;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/** Bad input is a 400 problem naming every field at fault, and nothing is stored. */
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class ConnectorValidationIT {

    private static final String ADMIN = "acme-admin";
    private static final String PROBLEM = "application/problem+json";

    @Test
    void namesEveryMissingRequiredField() {
        as(ADMIN).body("{}").post(CONNECTORS).then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", hasItems("agent_id", "connector_type", "permitted_operations"));
    }

    @Test
    void namesEveryWrongTypedField() {
        as(ADMIN).body("{\"agent_id\": 7, \"connector_type\": [\"x\"], \"permitted_operations\": \"hosts:read\","
                        + " \"credentials\": \"secret\", \"config\": 3, \"name\": false, \"description\": {},"
                        + " \"enabled\": \"yes\"}")
                .post(CONNECTORS).then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("agent_id", "connector_type", "permitted_operations",
                        "credentials", "config", "name", "description", "enabled"));
    }

    @Test
    void refusesAnAgentIdThatIsNotAUuid() {
        ObjectNode body = crowdstrike();
        body.put("agent_id", "a1b2'; drop table connectors; --");
        assertRefused(body, "agent_id");
    }

    @Test
    void refusesAnUnknownConnectorType() {
        ObjectNode body = crowdstrike();
        body.put("connector_type", "mainframe");
        assertRefused(body, "connector_type");
    }

    @Test
    void refusesADisabledConnectorType() {
        ObjectNode body = crowdstrike();
        body.put("connector_type", ConfigServiceProfile.DISABLED_TYPE);
        body.remove("credentials");
        body.set("permitted_operations", JSON.createArrayNode());
        assertRefused(body, "connector_type");
    }

    @Test
    void refusesAnOperationTheTypeDoesNotHave() {
        ObjectNode body = crowdstrike();
        body.set("permitted_operations", JSON.valueToTree(List.of("hosts:read", "hosts:delete_everything")));
        assertRefused(body, "permitted_operations[1]");
    }

    @Test
    void refusesCredentialsThatDoNotMatchTheTypesSchema() {
        ObjectNode body = crowdstrike();
        ObjectNode credentials = body.putObject("credentials");
        credentials.put("client_id", "abc123def456");
        credentials.put("client_secret", 42);
        credentials.put("password", "unexpected");
        as(ADMIN).body(body.toString()).post(CONNECTORS).then()
                .statusCode(400)
                .body("errors.field", hasItem("credentials.client_secret"))
                .body("errors.field", hasItem(org.hamcrest.Matchers.startsWith("credentials")));
        assertNothingStored(body);
    }

    @Test
    void refusesMissingRequiredCredentials() {
        ObjectNode body = crowdstrike();
        ((ObjectNode) body.get("credentials")).remove("client_secret");
        assertRefused(body, "credentials.client_secret");
    }

    @Test
    void refusesOversizedFields() {
        ObjectNode body = crowdstrike();
        body.put("name", "n".repeat(ConnectorRequests.NAME_MAX + 1));
        body.put("description", "d".repeat(ConnectorRequests.DESCRIPTION_MAX + 1));
        body.set("permitted_operations", JSON.valueToTree(java.util.Collections.nCopies(ConnectorRequests.OPERATIONS_MAX + 1, "hosts:read")));
        as(ADMIN).body(body.toString()).post(CONNECTORS).then()
                .statusCode(400)
                .body("errors.field", hasItems("name", "description", "permitted_operations"));
        assertNothingStored(body);
    }

    @Test
    void refusesABodyOverTheSizeLimit() {
        ObjectNode body = crowdstrike();
        body.put("description", "x".repeat(300 * 1024));
        as(ADMIN).body(body.toString()).post(CONNECTORS).then().statusCode(413);
    }

    @Test
    void refusesHostileText() {
        ObjectNode body = crowdstrike();
        body.put("name", "evil\u0000name\u001b[31m");
        body.put("unexpected<script>", "x");
        as(ADMIN).body(body.toString()).post(CONNECTORS).then()
                .statusCode(400)
                .body("errors.field", hasItems("name", "unexpected<script>"));
        assertNothingStored(body);
    }

    @Test
    void refusesMalformedJsonAndNonObjects() {
        as(ADMIN).body("{\"agent_id\": ").post(CONNECTORS).then().statusCode(400).contentType(PROBLEM);
        as(ADMIN).body("[1, 2]").post(CONNECTORS).then().statusCode(400).body("errors.field", hasItem("body"));
        as(ADMIN).body("null").post(CONNECTORS).then().statusCode(400);
    }

    @Test
    void refusesChangingTheAgentOrTypeOnUpdate() {
        String id = createId(ADMIN, crowdstrike());
        as(ADMIN).body("{\"connector_type\": \"jira\", \"agent_id\": \"" + UUID.randomUUID() + "\"}")
                .patch(CONNECTORS + "/" + id).then()
                .statusCode(400)
                .body("errors.field", containsInAnyOrder("agent_id", "connector_type"));
    }

    @Test
    void refusesInvalidUpdatesAndKeepsTheConnectorAsItWas() {
        String id = createId(ADMIN, crowdstrike());
        as(ADMIN).body("{\"permitted_operations\": [\"hosts:explode\"], \"name\": null, \"enabled\": 1}")
                .patch(CONNECTORS + "/" + id).then()
                .statusCode(400)
                .body("errors.field", hasItems("name", "enabled"));
        as(ADMIN).body("{\"permitted_operations\": [\"hosts:explode\"]}").patch(CONNECTORS + "/" + id).then()
                .statusCode(400)
                .body("errors.field", hasItem("permitted_operations[0]"));
        as(ADMIN).body("{\"credentials\": {\"client_id\": \"only-id\"}}").patch(CONNECTORS + "/" + id).then()
                .statusCode(400)
                .body("errors.field", hasItem("credentials.client_secret"));
        as(ADMIN).get(CONNECTORS + "/" + id).then()
                .body("version", equalTo(1))
                .body("credentials_version", equalTo(1))
                .body("permitted_operations", equalTo(List.of("detections:read", "hosts:read")));
    }

    @Test
    void refusesOversizedAndHostileUpdates() {
        String id = createId(ADMIN, crowdstrike());
        as(ADMIN).body("{\"name\": \"" + "n".repeat(ConnectorRequests.NAME_MAX + 1) + "\","
                        + " \"description\": \"bell\\u0007\", \"<img src=x>\": 1}")
                .patch(CONNECTORS + "/" + id).then()
                .statusCode(400)
                .body("errors.field", hasItems("name", "description", "<img src=x>"));
        as(ADMIN).body("{\"description\": \"" + "x".repeat(300 * 1024) + "\"}").patch(CONNECTORS + "/" + id)
                .then().statusCode(413);
        as(ADMIN).get(CONNECTORS + "/" + id).then().body("version", equalTo(1)).body("description", equalTo(null));
    }

    @Test
    void aPathIdThatIsNotAUuidIsNotFound() {
        as(ADMIN).get(CONNECTORS + "/not-a-uuid").then().statusCode(404).contentType(PROBLEM);
        as(ADMIN).body("{\"description\": \"x\"}").patch(CONNECTORS + "/' or 1=1 --").then().statusCode(404);
        as(ADMIN).delete(CONNECTORS + "/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void refusesBadQueryParameters() {
        as(ADMIN).queryParam("pageSize", 0).get(CONNECTORS).then().statusCode(400).body("errors.field", hasItem("pageSize"));
        as(ADMIN).queryParam("pageSize", 201).get(CONNECTORS).then().statusCode(400);
        as(ADMIN).queryParam("pageNumber", "two").get(CONNECTORS).then().statusCode(400)
                .body("errors.field", hasItem("pageNumber"));
        as(ADMIN).queryParam("agent_id", "nope").get(CONNECTORS).then().statusCode(400)
                .body("errors.field", hasItem("agent_id"));
        String id = createId(ADMIN, crowdstrike());
        as(ADMIN).queryParam("force", "maybe").delete(CONNECTORS + "/" + id).then().statusCode(400)
                .body("errors.field", hasItem("force"));
    }

    @Test
    void refusesAMalformedIdempotencyKey() {
        ObjectNode body = crowdstrike();
        as(ADMIN).header("Idempotency-Key", "x".repeat(256)).body(body.toString()).post(CONNECTORS).then()
                .statusCode(400).body("errors.field", hasItem("Idempotency-Key"));
        assertNothingStored(body);
    }

    @Test
    void refusesANumberBeyondDoubleRangeBeforeHashingTheBodyForItsIdempotencyKey() {
        ObjectNode body = crowdstrike();
        String raw = body.toString().replaceFirst("\\{", "{\"limit\":1e400,");
        as(ADMIN).header("Idempotency-Key", java.util.UUID.randomUUID().toString()).body(raw).post(CONNECTORS).then()
                .statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("limit"));
        as(ADMIN).body(raw.replace("1e400", "-1e400")).post(CONNECTORS).then()
                .statusCode(400).contentType(PROBLEM);
        assertNothingStored(body);
    }

    private static void assertRefused(ObjectNode body, String field) {
        as(ADMIN).body(body.toString()).post(CONNECTORS).then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", hasItem(field));
        assertNothingStored(body);
    }

    private static void assertNothingStored(ObjectNode body) {
        if (body.path("agent_id").isTextual() && io.connectors.config.web.Ids.parse(body.get("agent_id").asText()) != null) {
            as(ADMIN).queryParam("agent_id", body.get("agent_id").asText()).get(CONNECTORS).then()
                    .statusCode(200).body("total", equalTo(0));
        }
    }
}
