package io.connectors.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.testing.KeycloakServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** REST Assured helpers for the connector API: tokens of the realm's demo users and valid create bodies. */
public final class Api {

    public static final String CONNECTORS = "/v1/connectors";
    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    // Tokens live five minutes in the realm; one per user per minute keeps Keycloak out of every request.
    private static final long TOKEN_REUSE_MILLIS = 60_000;
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private Api() {
    }

    /** A request as {@code user} (e.g. "acme-admin"), sending and accepting JSON. */
    public static RequestSpecification as(String user) {
        return RestAssured.given().contentType(ContentType.JSON).auth().oauth2(token(user));
    }

    public static String token(String user) {
        Token token = TOKENS.compute(user, (name, cached) -> cached != null
                && System.currentTimeMillis() - cached.fetchedAt() < TOKEN_REUSE_MILLIS
                ? cached : new Token(KeycloakServer.get().token(name), System.currentTimeMillis()));
        return token.value();
    }

    /** The seed's CrowdStrike create body, with a unique name and the given agent. */
    public static ObjectNode crowdstrike(UUID agentId, String clientSecret) {
        ObjectNode body = JSON.createObjectNode();
        body.put("agent_id", agentId.toString());
        body.put("connector_type", "crowdstrike");
        body.set("permitted_operations", JSON.valueToTree(List.of("detections:read", "hosts:read")));
        body.put("name", "cs-" + UUID.randomUUID());
        ObjectNode credentials = body.putObject("credentials");
        credentials.put("client_id", "abc123def456");
        credentials.put("client_secret", clientSecret);
        return body;
    }

    public static ObjectNode crowdstrike() {
        return crowdstrike(UUID.randomUUID(), "secret-value-here");
    }

    /** Creates a connector as acme-admin (201 asserted) and answers the response. */
    public static Response create(String user, ObjectNode body) {
        return as(user).body(body.toString()).post(CONNECTORS).then().statusCode(201).extract().response();
    }

    public static String createId(String user, ObjectNode body) {
        return create(user, body).path("id");
    }

    private record Token(String value, long fetchedAt) {
    }
}
