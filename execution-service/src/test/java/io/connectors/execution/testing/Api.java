package io.connectors.execution.testing;

import io.connectors.platform.testing.KeycloakServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.Map;

/** Calls to the service under test as a demo user of the realm. */
public final class Api {

    public static final String ACME = KeycloakServer.ACME_ORG;
    public static final String GLOBEX = KeycloakServer.GLOBEX_ORG;

    private Api() {
    }

    public static RequestSpecification as(String user) {
        return RestAssured.given().auth().oauth2(KeycloakServer.get().token(user));
    }

    public static Response execute(String user, String connectorId, String operation, Map<String, ?> params) {
        return as(user).contentType(ContentType.JSON)
                .body(Map.of("operation", operation, "params", params))
                .post("/v1/connectors/{id}/execute", connectorId);
    }

    public static Response execution(String user, String executionId) {
        return as(user).get("/v1/executions/{id}", executionId);
    }
}
