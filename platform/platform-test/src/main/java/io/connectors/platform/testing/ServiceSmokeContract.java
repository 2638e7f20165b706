package io.connectors.platform.testing;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

/**
 * What every service promises operators: liveness, readiness naming the servers it depends on, Prometheus metrics
 * and its OpenAPI document. A service's {@code SmokeIT} extends this and names its readiness checks.
 */
public abstract class ServiceSmokeContract {

    /** Names of the readiness checks that must be UP (one per server the service needs). */
    protected abstract String[] expectedReadinessChecks();

    @Test
    void reportsLive() {
        RestAssured.get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void reportsReadyOnlyWithItsServersUp() {
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(expectedReadinessChecks()));
    }

    @Test
    void exposesPrometheusMetrics() {
        RestAssured.get("/q/metrics").then().statusCode(200)
                .contentType(anyOf(startsWith("text/plain"), startsWith("application/openmetrics-text")))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."));
    }

    @Test
    void refusesAnonymousCallsToTheApiWithProblemJson() {
        RestAssured.get(protectedPath()).then().statusCode(401);
    }

    @Test
    void acceptsATokenFromTheRealKeycloak() {
        RestAssured.given().auth().oauth2(KeycloakServer.get().token("acme-viewer"))
                .get(protectedPath()).then().statusCode(200);
    }

    @Test
    void answersAnOverlongUriWithProblemJson() {
        RestAssured.given().queryParam("q", "a".repeat(5_000)).get(protectedPath()).then().statusCode(414)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(414)).body("title", equalTo("URI Too Long"));
    }

    @Test
    void answersA64KbHeaderWithProblemJson() {
        RestAssured.given().header("X-Filler", "a".repeat(64 * 1024)).get(protectedPath()).then().statusCode(431)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(431)).body("title", equalTo("Request Header Fields Too Large"));
    }

    @Test
    void servesAUriAndHeadersJustWithinTheLimits() {
        // 4 KB request line, 20 KB headers: the limits the services always had, still served (here: 401, no token).
        String path = protectedPath();
        int query = 4096 - ("GET " + path + "?q= HTTP/1.1").length();
        RestAssured.given().queryParam("q", "a".repeat(query)).header("X-Filler", "a".repeat(16 * 1024))
                .get(path).then().statusCode(401);
    }

    /** A read endpoint of the service that any authenticated user of an org may call. */
    protected abstract String protectedPath();
}
