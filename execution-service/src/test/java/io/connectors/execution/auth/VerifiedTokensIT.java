package io.connectors.execution.auth;

import io.connectors.execution.ExecutionServiceProfile;
import io.connectors.platform.security.VerifiedTokens;
import io.connectors.platform.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bearer tokens this replica verified are remembered (platform-core VerifiedTokens), and that changes nothing a
 * caller can see: a remembered token is refused from the second it expires, and a token that differs from a remembered
 * one in its signature alone is refused. Schema-registry's client stands in for any caller: it holds only the
 * {@code service} role, so an accepted token reads 403 on the executions API and a refused one 401.
 */
@QuarkusTest
@TestProfile(ExecutionServiceProfile.class)
class VerifiedTokensIT {

    private static final String CLIENT = "schema-registry";
    private static final Duration LIFESPAN = Duration.ofSeconds(8);

    @Inject
    VerifiedTokens tokens;

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws InterruptedException {
        KeycloakServer keycloak = KeycloakServer.get();
        keycloak.accessTokenLifespan(CLIENT, LIFESPAN);
        try {
            String token = keycloak.serviceToken(CLIENT);
            long expiresAtMillis = expiry(token) * 1000;
            // Verified, then remembered: the same answer both times, the second without verifying the token again.
            statusWith(token, 403);
            assertTrue(tokens.knows(token), "remembered after its first verification");
            long served = tokens.served();
            statusWith(token, 403);
            assertEquals(served + 1, tokens.served(), "the second request was authenticated from the remembered token");
            Thread.sleep(Math.max(0, expiresAtMillis - System.currentTimeMillis()) + 1500);
            statusWith(token, 401);
            assertFalse(tokens.knows(token), "forgotten at its expiry");
        } finally {
            keycloak.accessTokenLifespan(CLIENT, null);
        }
    }

    @Test
    void aTokenDifferingFromARememberedOneOnlyInItsSignatureIsRefused() {
        String token = KeycloakServer.get().serviceToken(CLIENT);
        statusWith(token, 403);
        int dot = token.lastIndexOf('.');
        String signature = token.substring(dot + 1);
        char first = signature.charAt(0);
        String forged = token.substring(0, dot + 1) + (first == 'A' ? 'B' : 'A') + signature.substring(1);
        statusWith(forged, 401);
        assertFalse(tokens.knows(forged));
        statusWith(token.substring(0, dot + 1), 401);
        statusWith(token, 403);
    }

    private static void statusWith(String token, int status) {
        RestAssured.given().auth().oauth2(token).get("/v1/executions").then().statusCode(equalTo(status));
    }

    private static long expiry(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return Long.parseLong(payload.replaceAll(".*\"exp\":(\\d+).*", "$1"));
    }
}
