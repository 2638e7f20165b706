package io.connectors.e2e;

import io.restassured.RestAssured;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/** Access tokens of the demo users from the stack's Keycloak, through the gateway, as a CLI user would get them. */
final class Tokens {

    private static final Map<String, String> BY_USER = new ConcurrentHashMap<>();

    private Tokens() {
    }

    /** Cached for the run: the realm's tokens outlive this test. */
    static String of(String user) {
        return BY_USER.computeIfAbsent(user, Tokens::fetch);
    }

    private static String fetch(String user) {
        return given().baseUri(RestAssured.baseURI).formParams(Map.of("client_id", "connectors-cli",
                        "grant_type", "password", "username", user, "password", "demo"))
                .post("/realms/connectors/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }
}
