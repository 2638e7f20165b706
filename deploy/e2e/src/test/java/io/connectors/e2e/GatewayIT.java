package io.connectors.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's own refusals read like the services' (application/problem+json with the status), and it publishes
 * only the connectors realm of Keycloak. Requests are written by hand on a socket: an HTTP client would refuse to
 * send most of them.
 */
class GatewayIT {

    private static String host;
    private static int port;

    @BeforeAll
    static void gateway() {
        URI base = URI.create(System.getProperty("e2e.base-url", "http://127.0.0.1:8080"));
        host = base.getHost();
        port = base.getPort();
    }

    @Test
    void aBodyOverOneMegabyteIsAProblemJson413() throws IOException {
        byte[] body = new byte[1_100_000];
        java.util.Arrays.fill(body, (byte) 'a');
        String answer = send(("POST /v1/connectors HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
        assertProblem(answer, 413);
    }

    @Test
    void aNulInThePathIsAProblemJson400() throws IOException {
        assertProblem(get("/v1/connectors/%00"), 400);
    }

    @Test
    void aUriBeyondTheGatewaysBuffersIsAProblemJson414() throws IOException {
        assertProblem(get("/v1/connectors?agent_id=" + "a".repeat(40_000)), 414);
    }

    @Test
    void headersBeyondTheGatewaysBuffersAreAProblemJson400() throws IOException {
        String answer = send(("GET /v1/connectors HTTP/1.1\r\nHost: gateway\r\nX-Padding: " + "a".repeat(64 * 1024)
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), new byte[0]);
        assertProblem(answer, 400);
    }

    @Test
    void keycloaksMasterRealmIsNotPublished() throws IOException {
        assertProblem(get("/realms/master/protocol/openid-connect/certs"), 404);
        assertProblem(get("/realms/master/"), 404);
        assertTrue(get("/realms/connectors/protocol/openid-connect/certs").startsWith("HTTP/1.1 200"));
    }

    @Test
    void tenWrongPasswordsInARowLockTheAccountForAWhile() {
        // globex-approver2 takes no part in the story: locking it costs the other tests nothing.
        assertEquals(200, passwordGrant("globex-approver2", "demo"));
        for (int attempt = 0; attempt < 12; attempt++) {
            assertTrue(passwordGrant("globex-approver2", "wrong-" + attempt) != 200);
        }
        assertTrue(passwordGrant("globex-approver2", "demo") != 200, "the right password no longer opens it at once");
    }

    private static int passwordGrant(String user, String password) {
        return io.restassured.RestAssured.given().baseUri("http://" + host + ":" + port)
                .formParams(java.util.Map.of("client_id", "connectors-cli", "grant_type", "password",
                        "username", user, "password", password))
                .post("/realms/connectors/protocol/openid-connect/token").statusCode();
    }

    private static String get(String target) throws IOException {
        return send(("GET " + target + " HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    private static String send(byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            try {
                out.write(body);
                out.flush();
            } catch (IOException closedEarly) {
                // nginx may answer and close before the whole body is sent: the answer is still there to read.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static void assertProblem(String answer, int status) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer.lines().findFirst().orElse(answer));
        String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase();
        assertTrue(head.contains("content-type: application/problem+json"), head);
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertTrue(body.contains("\"status\":" + status), body);
        assertEquals(-1, body.indexOf("<html"), body);
    }
}
