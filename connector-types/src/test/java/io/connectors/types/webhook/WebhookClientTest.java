package io.connectors.types.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.ConnectorException.Fault;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.testing.FakeServer;
import io.connectors.types.testing.RecordedRequest;
import io.connectors.types.testing.Reply;
import io.connectors.types.testing.TestRuntime;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static io.connectors.types.testing.TestRuntime.await;
import static io.connectors.types.testing.TestRuntime.failure;
import static io.connectors.types.testing.TestRuntime.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One JSON request to the configured URL with basic, bearer or mutual-TLS authentication. */
class WebhookClientTest {

    private static final String SECRET = "canary-webhook-secret-9e";

    private final List<FakeServer> fakes = new ArrayList<>();
    private final WebhookClient client = new WebhookClient(TestRuntime.http(), new WebhookType());

    @AfterEach
    void tearDown() {
        fakes.forEach(FakeServer::close);
    }

    @Test
    void postsTheBodyWithBasicAuthAndTheConfiguredHeaders() {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("soc:" + SECRET).getBytes(StandardCharsets.UTF_8));
        FakeServer hook = fake().requireAuthorization(basic, Reply.json(401, "{\"message\": \"bad credentials\"}"))
                .on("POST", "/hooks/soc", request -> Reply.json(200, "{\"received\": true}"));
        OperationContext context = TestRuntime.context(1, json("{\"headers\": {\"X-Source\": \"connectors\"}}"), Json.object()
                .put("url", hook.url() + "/hooks/soc").put("auth_type", "basic").put("user", "soc").put("password", SECRET));

        JsonNode result = await(new RequestsSendHandler(client).execute(context,
                json("{\"body\": {\"event\": \"contained\", \"host\": \"WIN-042\"}, \"headers\": {\"X-Request-Id\": \"r-1\"}}")));

        RecordedRequest sent = hook.only("POST", "/hooks/soc");
        assertEquals("application/json", sent.header("Content-Type"));
        assertEquals("connectors", sent.header("X-Source"));
        assertEquals("r-1", sent.header("X-Request-Id"));
        assertEquals(json("{\"event\": \"contained\", \"host\": \"WIN-042\"}"), sent.json());
        assertEquals(json("{\"status\": 200, \"body\": {\"received\": true}}"), result);
    }

    @Test
    void sendsAStringBodyAsIsWithTheConfiguredMethodAndABearerToken() {
        FakeServer hook = fake().requireAuthorization("Bearer " + SECRET, Reply.json(401, "{}"))
                .on("PUT", "/in", request -> Reply.text(202, "queued"));
        OperationContext context = TestRuntime.context(1, json("{\"method\": \"put\"}"), Json.object()
                .put("url", hook.url() + "/in").put("auth_type", "bearer").put("token", SECRET));

        JsonNode result = await(new RequestsSendHandler(client).execute(context, json("{\"body\": \"{\\\"raw\\\":1}\"}")));

        assertEquals("{\"raw\":1}", hook.only("PUT", "/in").text());
        assertEquals(json("{\"status\": 202, \"body\": \"queued\"}"), result);
    }

    @Test
    void refusesHeadersThatWouldOverrideTheAuthenticationOrTheFraming() {
        FakeServer hook = fake().on("POST", "/in", request -> Reply.json(200, "{}"));
        OperationContext context = TestRuntime.context(1, json("{}"), Json.object().put("url", hook.url() + "/in"));

        for (String header : List.of("Authorization", "host", "Transfer-Encoding", "Cookie")) {
            ConnectorException error = failure(new RequestsSendHandler(client).execute(context,
                    Json.object().put("body", "x").set("headers", Json.object().put(header, "v"))));
            assertEquals(Fault.CALLER, error.fault());
            assertEquals("params.headers." + header + " cannot be set: the connector controls it", error.getMessage());
        }
        assertTrue(hook.requests().isEmpty());
    }

    @Test
    void reportsTheReceiversErrorsByWhoseFaultTheyAre() {
        FakeServer hook = fake()
                .on("POST", "/bad", request -> Reply.json(422, "{\"error\": \"field host is required\"}"))
                .on("POST", "/down", request -> Reply.text(503, "maintenance").header("Retry-After", "60"));

        ConnectorException bad = failure(new RequestsSendHandler(client).execute(
                TestRuntime.context(1, json("{}"), Json.object().put("url", hook.url() + "/bad")), json("{\"body\": {}}")));
        ConnectorException down = failure(new RequestsSendHandler(client).execute(
                TestRuntime.context(1, json("{}"), Json.object().put("url", hook.url() + "/down")), json("{\"body\": {}}")));

        assertEquals(Fault.CALLER, bad.fault());
        assertEquals("The webhook answered 422: field host is required", bad.getMessage());
        assertEquals(Fault.EXTERNAL, down.fault());
        assertTrue(down.retryable());
        assertEquals(60, down.retryAfter().orElseThrow().toSeconds());
        assertEquals("The webhook answered 503", down.getMessage(), "a body that is not JSON is not passed on");
    }

    @Test
    void checksWithAHeadRequestAndReportsRejectedCredentials() {
        FakeServer hook = fake().requireAuthorization("Bearer " + SECRET, Reply.json(403, "{\"message\": \"forbidden\"}"))
                .on("HEAD", "/in", request -> Reply.empty(405));

        JsonNode reachable = await(new WebhookConnectivityCheck(client).check(TestRuntime.context(1, json("{}"), Json.object()
                .put("url", hook.url() + "/in").put("auth_type", "bearer").put("token", SECRET))));
        ConnectorException rejected = failure(new WebhookConnectivityCheck(client).check(TestRuntime.context(1, json("{}"), Json.object()
                .put("url", hook.url() + "/in").put("auth_type", "bearer").put("token", "canary-wrong-hook-token"))));

        assertEquals(json("{\"reachable\": true, \"status\": 405}"), reachable);
        assertEquals(Fault.CONFIGURATION, rejected.fault());
        assertFalse(rejected.getMessage().contains("canary-wrong-hook-token"));
    }

    @Test
    void presentsTheClientCertificateToAServerRequiringMutualTls() throws IOException {
        SelfSignedCertificate server = SelfSignedCertificate.create("localhost");
        SelfSignedCertificate clientCertificate = SelfSignedCertificate.create("soc-client");
        FakeServer hook = fake(new HttpServerOptions().setSsl(true).setKeyCertOptions(server.keyCertOptions())
                .setTrustOptions(clientCertificate.trustOptions()).setClientAuth(ClientAuth.REQUIRED))
                .on("POST", "/mtls", request -> Reply.json(200, "{\"ok\": true}"));
        String url = "https://127.0.0.1:" + hook.port() + "/mtls";
        JsonNode config = Json.object().put("verification_mode", "certificate").put("ca", read(server.certificatePath()));
        OperationContext withCertificate = TestRuntime.context(1, config, Json.object().put("url", url).put("auth_type", "mtls")
                .put("crt", base64(read(clientCertificate.certificatePath()))).put("key", base64(read(clientCertificate.privateKeyPath()))));
        OperationContext without = TestRuntime.context(1, config, Json.object().put("url", url));

        JsonNode result = await(new RequestsSendHandler(client).execute(withCertificate, json("{\"body\": {\"a\": 1}}")));
        ConnectorException refused = failure(new RequestsSendHandler(client).execute(without, json("{\"body\": {\"a\": 1}}")));

        assertEquals(json("{\"status\": 200, \"body\": {\"ok\": true}}"), result);
        assertNull(hook.only("POST", "/mtls").header("Authorization"));
        assertEquals(Fault.CONFIGURATION, refused.fault(), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("or it refused the client certificate"), refused.getMessage());
    }

    @Test
    void refusesAServerCertificateThatIsNotTrusted() {
        SelfSignedCertificate server = SelfSignedCertificate.create("localhost");
        FakeServer hook = fake(new HttpServerOptions().setSsl(true).setKeyCertOptions(server.keyCertOptions()))
                .on("POST", "/in", request -> Reply.json(200, "{}"));

        ConnectorException error = failure(new RequestsSendHandler(client).execute(TestRuntime.context(1, json("{}"),
                Json.object().put("url", "https://127.0.0.1:" + hook.port() + "/in")), json("{\"body\": {}}")));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertTrue(error.getMessage().startsWith("The TLS handshake with 127.0.0.1 failed"), error.getMessage());
        assertTrue(hook.requests().isEmpty());
    }

    private FakeServer fake() {
        return fake(new HttpServerOptions());
    }

    private FakeServer fake(HttpServerOptions options) {
        FakeServer fake = new FakeServer(options);
        fakes.add(fake);
        return fake;
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.US_ASCII);
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
