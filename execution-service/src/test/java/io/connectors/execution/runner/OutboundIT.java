package io.connectors.execution.runner;

import io.connectors.execution.ExecutionServiceProfile;
import io.connectors.execution.testing.TestConnector;
import io.connectors.execution.testing.TopicRecords;
import io.connectors.platform.events.Topics;
import io.connectors.execution.testing.VendorStub;
import io.connectors.execution.testing.VendorStub.Reply;
import io.connectors.platform.secrets.SecretCipher;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static io.connectors.execution.testing.Api.ACME;
import static io.connectors.execution.testing.Api.execute;
import static io.connectors.execution.testing.Api.execution;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The real connector handlers (Jira, webhook) behind this service's runner, calling a local vendor endpoint through
 * connector-types' SafeHttpClient: credentials decrypted for the call, retries of idempotent reads only, time-outs,
 * the response cap, and the outbound guards against server-side request forgery.
 */
@QuarkusTest
@TestProfile(ExecutionServiceProfile.class)
class OutboundIT {

    private static final String CANARY = "canary-token-51c9";
    private static final String ISSUE = "{\"id\":\"10001\",\"key\":\"SEC-1\",\"self\":\"http://jira/rest/api/3/issue/10001\","
            + "\"fields\":{\"summary\":\"Contain WIN-042\",\"status\":{\"name\":\"To Do\"}}}";
    private static final VendorStub VENDOR = new VendorStub();

    @Inject
    SecretCipher cipher;

    @AfterAll
    static void stopVendor() {
        VENDOR.close();
    }

    private TestConnector jira() {
        return TestConnector.of(ACME, "jira").typeVersion("2.0.0")
                .permitting("issues:read")
                .config("{\"project_key\":\"SEC\"}")
                .credentials("{\"base_url\":\"" + VENDOR.url() + "\",\"email\":\"soc@acme.example\",\"api_token\":\"" + CANARY + "\"}")
                .publish(cipher);
    }

    private TestConnector webhook(String url) {
        return TestConnector.of(ACME, "webhook")
                .permitting("requests:send")
                .config("{\"method\":\"post\"}")
                .credentials("{\"url\":\"" + url + "\",\"auth_type\":\"bearer\",\"token\":\"" + CANARY + "\"}")
                .publish(cipher);
    }

    private static String issuePath(String key) {
        return "/rest/api/3/issue/" + key;
    }

    /** The seed's example of execute: CrowdStrike detections:read with a filter and a limit. */
    @Test
    void runsTheSeedsCrowdStrikeExampleThroughTheRealClient() {
        VENDOR.on("/oauth2/token", Reply.json(201, "{\"access_token\":\"cs-access-1\",\"token_type\":\"bearer\",\"expires_in\":1799}"))
                .on("/alerts/queries/alerts/v2", Reply.json(200, "{\"meta\":{\"query_time\":0.01,\"pagination\":"
                        + "{\"offset\":0,\"limit\":50,\"total\":2}},\"resources\":[\"ldt:1\",\"ldt:2\"],\"errors\":[]}"))
                .on("/alerts/entities/alerts/v2", Reply.json(200, "{\"meta\":{\"query_time\":0.01},\"resources\":["
                        + "{\"composite_id\":\"ldt:1\",\"severity_name\":\"Critical\"},"
                        + "{\"composite_id\":\"ldt:2\",\"severity_name\":\"Critical\"}],\"errors\":[]}"));
        TestConnector connector = TestConnector.of(ACME, "crowdstrike")
                .permitting("detections:read", "hosts:read")
                .credentials("{\"client_id\":\"abc123def456\",\"client_secret\":\"" + CANARY + "\",\"base_url\":\"" + VENDOR.url() + "\"}")
                .publish(cipher);
        execute("acme-deployer", connector.id, "detections:read", Map.of("filter", "severity:Critical", "limit", 50))
                .then().statusCode(200)
                .body("status", equalTo("success"))
                .body("result.total", equalTo(2))
                .body("result.detections.composite_id", contains("ldt:1", "ldt:2"))
                .body(not(containsString(CANARY)));
        assertEquals("Bearer cs-access-1", VENDOR.received("/alerts/queries/alerts/v2").get(0).authorization());
    }

    @Test
    void readsAJiraIssueWithTheDecryptedCredentials() {
        VENDOR.on(issuePath("SEC-1"), Reply.json(200, ISSUE));
        TestConnector connector = jira();
        execute("acme-deployer", connector.id, "issues:read", Map.of("issue_key", "SEC-1")).then().statusCode(200)
                .body("status", equalTo("success"))
                .body("result.key", equalTo("SEC-1"))
                .body("result.fields.summary", equalTo("Contain WIN-042"))
                .body(not(containsString(CANARY)));
        String basic = Base64.getEncoder().encodeToString(("soc@acme.example:" + CANARY).getBytes(StandardCharsets.UTF_8));
        assertEquals("Basic " + basic, VENDOR.received(issuePath("SEC-1")).get(0).authorization());
    }

    @Test
    void retriesAnIdempotentReadAfterVendorServerErrors() {
        VENDOR.on(issuePath("SEC-2"), Reply.json(503, "{\"errorMessages\":[\"down for maintenance\"]}"),
                Reply.json(503, "{\"errorMessages\":[\"down for maintenance\"]}"), Reply.json(200, ISSUE));
        TestConnector connector = jira();
        String id = execute("acme-admin", connector.id, "issues:read", Map.of("issue_key", "SEC-2")).then().statusCode(200)
                .body("status", equalTo("success"))
                .extract().path("execution_id");
        execution("acme-admin", id).then().body("attempts", equalTo(3));
        assertEquals(3, VENDOR.received(issuePath("SEC-2")).size());
    }

    @Test
    void reportsAMissingIssueAsTheCallersFaultWithoutRetrying() {
        VENDOR.on(issuePath("SEC-3"), Reply.json(404, "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],\"errors\":{}}"));
        TestConnector connector = jira();
        execute("acme-admin", connector.id, "issues:read", Map.of("issue_key", "SEC-3")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("caller"))
                .body("error.retryable", equalTo(false))
                .body("error.upstream_status", equalTo(404))
                .body("error.message", containsString("Issue does not exist"));
        assertEquals(1, VENDOR.received(issuePath("SEC-3")).size());
    }

    @Test
    void endsAVendorCallThatDoesNotAnswerInTimeAndSaysARetryMaySucceed() {
        VENDOR.on(issuePath("SEC-4"), Reply.json(200, ISSUE).after(Duration.ofSeconds(3)));
        TestConnector connector = jira();
        execute("acme-admin", connector.id, "issues:read", Map.of("issue_key", "SEC-4")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("external"))
                .body("error.retryable", equalTo(true));
    }

    @Test
    void abortsAResponseLargerThanTheCap() {
        String huge = "{\"id\":\"10001\",\"key\":\"SEC-5\",\"fields\":{\"description\":\"" + "x".repeat(80 * 1024) + "\"}}";
        VENDOR.on(issuePath("SEC-5"), Reply.json(200, huge));
        TestConnector connector = jira();
        execute("acme-admin", connector.id, "issues:read", Map.of("issue_key", "SEC-5")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("external"))
                .body("error.message", containsString("larger than"));
    }

    @Test
    void neverRetriesAWebhookPost() {
        VENDOR.on("/hooks/once", Reply.json(503, "{}"));
        TestConnector connector = webhook(VENDOR.url() + "/hooks/once");
        execute("acme-admin", connector.id, "requests:send", Map.of("body", Map.of("event", "host_contained"))).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("external"))
                .body("error.retryable", equalTo(true))
                .body("error.upstream_status", equalTo(503));
        assertEquals(1, VENDOR.received("/hooks/once").size());
        assertEquals("Bearer " + CANARY, VENDOR.received("/hooks/once").get(0).authorization());
    }

    @Test
    void storesPublishesAndAnswersNoTokenAVendorEchoes() {
        String base64 = Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8));
        // A receiver that echoes the request's Authorization header, and the token in other spellings.
        VENDOR.on("/hooks/echo", Reply.json(200, "{\"received_headers\":{\"authorization\":\"Bearer " + CANARY + "\"},"
                + "\"b64\":\"" + base64 + "\",\"link\":\"https://x.example/?t=" + CANARY + "\"}"));
        TestConnector connector = webhook(VENDOR.url() + "/hooks/echo");
        String id = execute("acme-admin", connector.id, "requests:send", Map.of("body", Map.of("event", "echo"))).then()
                .statusCode(200)
                .body("status", equalTo("success"))
                .body("result.body.received_headers.authorization", equalTo("Bearer ****"))
                .body("result.body.b64", equalTo("****"))
                .body(not(containsString(CANARY)))
                .extract().path("execution_id");
        execution("acme-admin", id).then().statusCode(200)
                .body("result.body.link", equalTo("https://x.example/?t=****"))
                .body(not(containsString(CANARY))).body(not(containsString(base64)));
        TopicRecords.await(Topics.EXECUTION_RESULTS, r -> id.equals(r.key()), 2)
                .forEach(event -> assertFalse(event.toString().contains(CANARY) || event.toString().contains(base64), event.toString()));
    }

    /** The org allows these names, so only the address-range guard stands between the connector and the target. */
    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/iam/security-credentials/", "http://10.0.0.7/admin",
            "http://0.0.0.0:8083/q/health", "http://[::1]:8083/q/health", "http://100.64.0.1/",
            "http://[::ffff:169.254.169.254]/latest/meta-data/"})
    void refusesToReachInternalAddressesEvenOnAnAllowedHost(String url) {
        TestConnector connector = webhook(url);
        execute("acme-admin", connector.id, "requests:send", Map.of("body", Map.of("event", "probe"))).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("blocked"))
                .body("error.retryable", equalTo(false))
                .body("error.message", containsString("may not reach"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/hook", "http://2130706433/hook", "file:///etc/passwd", "gopher://127.0.0.1:25/"})
    void refusesHostsOffTheAllowListAndOtherSchemes(String url) {
        TestConnector connector = webhook(url);
        execute("acme-admin", connector.id, "requests:send", Map.of("body", "probe")).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("blocked"))
                .body("error.retryable", equalTo(false));
    }

    @Test
    void refusesARedirectToTheMetadataService() {
        VENDOR.on("/hooks/redirect", new Reply(302, Map.of("Location", "http://169.254.169.254/latest/meta-data/"), "", Duration.ZERO));
        TestConnector connector = webhook(VENDOR.url() + "/hooks/redirect");
        execute("acme-admin", connector.id, "requests:send", Map.of("body", Map.of("event", "probe"))).then().statusCode(200)
                .body("status", equalTo("error"))
                .body("error.fault", equalTo("blocked"));
        assertEquals(1, VENDOR.received("/hooks/redirect").size());
    }
}
