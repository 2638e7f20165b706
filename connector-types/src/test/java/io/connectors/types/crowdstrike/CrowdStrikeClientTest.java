package io.connectors.types.crowdstrike;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.ConnectorException.Fault;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.SafeHttpClient;
import io.connectors.types.runtime.TokenCache;
import io.connectors.types.testing.RecordedRequest;
import io.connectors.types.testing.Reply;
import io.connectors.types.testing.TestRuntime;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.connectors.types.testing.TestRuntime.await;
import static io.connectors.types.testing.TestRuntime.failure;
import static io.connectors.types.testing.TestRuntime.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrowdStrikeClientTest {

    private static final String AID_1 = "0123456789abcdef0123456789abcdef";
    private static final String AID_2 = "fedcba9876543210fedcba9876543210";

    private final FakeCrowdStrike falcon = new FakeCrowdStrike();
    private CrowdStrikeClient client;
    private OperationContext context;

    @BeforeEach
    void setUp() {
        SafeHttpClient http = TestRuntime.http();
        client = new CrowdStrikeClient(http, new TokenCache(), new CrowdStrikeType());
        context = TestRuntime.context(1, json("{}"), json("{\"client_id\": \"" + FakeCrowdStrike.CLIENT_ID
                + "\", \"client_secret\": \"" + FakeCrowdStrike.CLIENT_SECRET + "\", \"base_url\": \"" + falcon.url() + "\"}"));
    }

    @AfterEach
    void tearDown() {
        falcon.close();
    }

    @Test
    void readsDetectionsMatchingTheFilterWithTheirDetails() {
        falcon.authorized("GET", "/alerts/queries/alerts/v2", request -> FakeCrowdStrike.page(List.of("ind:a:1", "ind:b:2"), 0, 2, 7));
        falcon.authorized("POST", "/alerts/entities/alerts/v2", request -> Reply.json(200, "{" + FakeCrowdStrike.META
                + "}, \"resources\": [{\"composite_id\": \"ind:a:1\", \"severity_name\": \"Critical\"},"
                + " {\"composite_id\": \"ind:b:2\", \"severity_name\": \"High\"}], \"errors\": []}"));

        JsonNode result = await(new DetectionsReadHandler(client).execute(context,
                json("{\"filter\": \"severity_name:'Critical'\", \"sort\": \"created_timestamp.desc\", \"limit\": 2}")));

        RecordedRequest token = falcon.only("POST", "/oauth2/token");
        assertEquals(Map.of("client_id", List.of(FakeCrowdStrike.CLIENT_ID), "client_secret", List.of(FakeCrowdStrike.CLIENT_SECRET)),
                token.form());
        RecordedRequest query = falcon.only("GET", "/alerts/queries/alerts/v2");
        assertEquals(Map.of("filter", List.of("severity_name:'Critical'"), "sort", List.of("created_timestamp.desc"),
                "limit", List.of("2"), "offset", List.of("0")), query.query());
        assertEquals("Bearer falcon-token-1", query.header("Authorization"));
        RecordedRequest entities = falcon.only("POST", "/alerts/entities/alerts/v2");
        assertEquals(json("{\"composite_ids\": [\"ind:a:1\", \"ind:b:2\"]}"), entities.json());
        assertEquals("application/json", entities.header("Content-Type"));
        assertEquals("Bearer falcon-token-1", entities.header("Authorization"));
        assertEquals(json("{\"detections\": [{\"composite_id\": \"ind:a:1\", \"severity_name\": \"Critical\"},"
                + " {\"composite_id\": \"ind:b:2\", \"severity_name\": \"High\"}], \"total\": 7, \"offset\": 0, \"limit\": 2}"), result);
    }

    @Test
    void skipsTheEntitiesCallWhenNoDetectionMatches() {
        falcon.authorized("GET", "/alerts/queries/alerts/v2", request -> FakeCrowdStrike.page(List.of(), 0, 100, 0));

        JsonNode result = await(new DetectionsReadHandler(client).execute(context, json("{}")));

        assertEquals(json("{\"detections\": [], \"total\": 0, \"offset\": 0, \"limit\": 100}"), result);
        assertTrue(falcon.requests("POST", "/alerts/entities/alerts/v2").isEmpty());
    }

    @Test
    void reusesTheCachedTokenAcrossCalls() {
        falcon.authorized("GET", "/devices/queries/devices/v1", request -> FakeCrowdStrike.page(List.of(), 0, 1, 12));

        await(client.check(context));
        await(client.check(context));

        assertEquals(1, falcon.tokensIssued());
        assertEquals(2, falcon.requests("GET", "/devices/queries/devices/v1").size());
    }

    @Test
    void sharesOneTokenRequestBetweenConcurrentCalls() {
        falcon.authorized("GET", "/devices/queries/devices/v1", request -> FakeCrowdStrike.page(List.of(), 0, 1, 12));

        await(Uni.combine().all().unis(client.check(context), client.check(context), client.check(context)).discardItems());

        assertEquals(1, falcon.tokensIssued());
        assertEquals(3, falcon.requests("GET", "/devices/queries/devices/v1").size());
    }

    @Test
    void renewsATokenThatExpiresWithinTheRenewalMargin() {
        falcon.expireTokensIn(30);
        falcon.authorized("GET", "/devices/queries/devices/v1", request -> FakeCrowdStrike.page(List.of(), 0, 1, 12));

        await(client.check(context));
        await(client.check(context));

        assertEquals(2, falcon.tokensIssued());
        assertEquals("Bearer falcon-token-2", falcon.requests("GET", "/devices/queries/devices/v1").get(1).header("Authorization"));
    }

    @Test
    void getsANewTokenOnceWhenTheApiRejectsTheCachedOne() {
        falcon.authorized("GET", "/devices/queries/devices/v1", request -> FakeCrowdStrike.page(List.of(), 0, 1, 12));
        await(client.check(context));
        falcon.revokeTokens();

        JsonNode result = await(client.check(context));

        assertEquals(json("{\"reachable\": true, \"hosts_total\": 12}"), result);
        assertEquals(2, falcon.tokensIssued());
        assertEquals(List.of("Bearer falcon-token-1", "Bearer falcon-token-1", "Bearer falcon-token-2"),
                falcon.requests("GET", "/devices/queries/devices/v1").stream().map(request -> request.header("Authorization")).toList());
    }

    @Test
    void readsHostsByIdWithoutAQuery() {
        falcon.authorized("GET", "/devices/entities/devices/v2", request -> Reply.json(200, "{" + FakeCrowdStrike.META
                + "}, \"resources\": [{\"device_id\": \"" + AID_1 + "\", \"hostname\": \"WIN-042\", \"status\": \"normal\"}], \"errors\": []}"));

        JsonNode result = await(new HostsReadHandler(client).execute(context, json("{\"ids\": [\"" + AID_1 + "\", \"" + AID_2 + "\"]}")));

        assertEquals(Map.of("ids", List.of(AID_1, AID_2)), falcon.only("GET", "/devices/entities/devices/v2").query());
        assertTrue(falcon.requests("GET", "/devices/queries/devices/v1").isEmpty());
        assertEquals(json("{\"hosts\": [{\"device_id\": \"" + AID_1 + "\", \"hostname\": \"WIN-042\", \"status\": \"normal\"}], \"total\": 1}"), result);
    }

    @Test
    void readsFilteredHostsInChunksOfTheDocumentedMaximum() {
        List<String> ids = IntStream.range(0, 150).mapToObj(i -> String.format("%032x", i)).toList();
        falcon.authorized("GET", "/devices/queries/devices/v1", request -> FakeCrowdStrike.page(ids, 0, 150, 150));
        falcon.authorized("GET", "/devices/entities/devices/v2", request -> Reply.json(200, "{" + FakeCrowdStrike.META
                + "}, \"resources\": [" + String.join(",", request.query().get("ids").stream()
                .map(id -> "{\"device_id\": \"" + id + "\"}").toList()) + "], \"errors\": []}"));

        JsonNode result = await(new HostsReadHandler(client).execute(context, json("{\"filter\": \"hostname:'WIN-*'\", \"limit\": 150}")));

        assertEquals(Map.of("filter", List.of("hostname:'WIN-*'"), "limit", List.of("150"), "offset", List.of("0")),
                falcon.only("GET", "/devices/queries/devices/v1").query());
        List<RecordedRequest> chunks = falcon.requests("GET", "/devices/entities/devices/v2");
        assertEquals(List.of(100, 50), chunks.stream().map(request -> request.query().get("ids").size()).toList());
        assertEquals(150, result.get("hosts").size());
        assertEquals(ids.get(149), result.get("hosts").get(149).get("device_id").asText());
        assertEquals(150, result.get("total").asInt());
    }

    @Test
    void containsHostsThroughTheDeviceActionsEndpoint() {
        falcon.authorized("POST", "/devices/entities/devices-actions/v2", request -> Reply.json(202, "{" + FakeCrowdStrike.META
                + "}, \"resources\": [{\"id\": \"" + AID_1 + "\", \"path\": \"\"}], \"errors\": []}"));

        JsonNode result = await(new HostsContainHandler(client).execute(context, json("{\"ids\": [\"" + AID_1 + "\"]}")));

        RecordedRequest action = falcon.only("POST", "/devices/entities/devices-actions/v2");
        assertEquals(Map.of("action_name", List.of("contain")), action.query());
        assertEquals(json("{\"ids\": [\"" + AID_1 + "\"]}"), action.json());
        assertEquals(json("{\"action\": \"contain\", \"hosts\": [{\"id\": \"" + AID_1 + "\", \"path\": \"\"}]}"), result);
    }

    @Test
    void liftsContainmentAndReportsThePerHostErrors() {
        falcon.authorized("POST", "/devices/entities/devices-actions/v2", request -> Reply.json(202, "{" + FakeCrowdStrike.META
                + "}, \"resources\": [{\"id\": \"" + AID_1 + "\", \"path\": \"\"}],"
                + " \"errors\": [{\"code\": 404, \"message\": \"Device " + AID_2 + " not found\"}]}"));

        JsonNode result = await(new HostsLiftContainmentHandler(client).execute(context,
                json("{\"ids\": [\"" + AID_1 + "\", \"" + AID_2 + "\"]}")));

        assertEquals(Map.of("action_name", List.of("lift_containment")), falcon.only("POST", "/devices/entities/devices-actions/v2").query());
        assertEquals("lift_containment", result.get("action").asText());
        assertEquals("Device " + AID_2 + " not found", result.get("errors").get(0).get("message").asText());
    }

    @Test
    void reportsRejectedClientCredentialsAsAConfigurationFaultWithoutTheSecret() {
        OperationContext wrongSecret = TestRuntime.context(1, json("{}"), json("{\"client_id\": \"" + FakeCrowdStrike.CLIENT_ID
                + "\", \"client_secret\": \"canary-wrong-secret-91\", \"base_url\": \"" + falcon.url() + "\"}"));

        ConnectorException error = failure(client.check(wrongSecret));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertFalse(error.retryable());
        assertEquals(403, error.upstreamStatus());
        assertTrue(error.getMessage().contains("Failed to issue access token"), error.getMessage());
        assertFalse(error.getMessage().contains("canary-wrong-secret-91"));
        assertTrue(falcon.requests("GET", "/devices/queries/devices/v1").isEmpty());
    }

    @Test
    void reportsPermissionDeniedOnAnEndpointAsAConfigurationFault() {
        falcon.authorized("POST", "/devices/entities/devices-actions/v2", request -> FakeCrowdStrike.error(403, "access denied, authorization failed"));

        ConnectorException error = failure(new HostsContainHandler(client).execute(context, json("{\"ids\": [\"" + AID_1 + "\"]}")));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertEquals("CrowdStrike answered 403: access denied, authorization failed (check the connector's credentials and their permissions)",
                error.getMessage());
    }

    @Test
    void reportsRateLimitingAsRetryableAfterTheEpochInTheRateLimitHeader() {
        long retryAt = Instant.now().plusSeconds(30).getEpochSecond();
        falcon.authorized("GET", "/alerts/queries/alerts/v2", request -> FakeCrowdStrike.error(429, "API rate limit exceeded.")
                .header("X-RateLimit-Limit", "6000").header("X-RateLimit-Remaining", "0")
                .header("X-RateLimit-RetryAfter", Long.toString(retryAt)));

        ConnectorException error = failure(new DetectionsReadHandler(client).execute(context, json("{}")));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals(429, error.upstreamStatus());
        Duration after = error.retryAfter().orElseThrow();
        assertTrue(after.compareTo(Duration.ofSeconds(25)) > 0 && after.compareTo(Duration.ofSeconds(31)) <= 0, after::toString);
    }

    @Test
    void reportsServerErrorsAsRetryableExternalFaults() {
        falcon.authorized("GET", "/alerts/queries/alerts/v2", request -> FakeCrowdStrike.error(503, "service unavailable"));

        ConnectorException error = failure(new DetectionsReadHandler(client).execute(context, json("{}")));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals(503, error.upstreamStatus());
        assertEquals("CrowdStrike answered 503: service unavailable", error.getMessage());
    }

    @Test
    void reportsAnInvalidFilterAsTheCallersFault() {
        falcon.authorized("GET", "/alerts/queries/alerts/v2", request -> FakeCrowdStrike.error(400, "Invalid filter: unknown field 'sevrity'"));

        ConnectorException error = failure(new DetectionsReadHandler(client).execute(context, json("{\"filter\": \"sevrity:'x'\"}")));

        assertEquals(Fault.CALLER, error.fault());
        assertFalse(error.retryable());
        assertEquals("CrowdStrike answered 400: Invalid filter: unknown field 'sevrity'", error.getMessage());
    }

    @Test
    void callsTheDefaultCloudWhenNoBaseUrlIsConfigured() {
        CrowdStrikeClient guarded = new CrowdStrikeClient(new SafeHttpClient(TestRuntime.vertx(),
                TestRuntime.guard(host -> { throw new AssertionError("no lookup expected"); },
                        TestRuntime.config(List.of("127.0.0.1"), List.of("127.0.0.1"))),
                TestRuntime.config()), new TokenCache(), new CrowdStrikeType());
        OperationContext defaults = TestRuntime.context(1, json("{}"),
                json("{\"client_id\": \"a\", \"client_secret\": \"" + FakeCrowdStrike.CLIENT_SECRET + "\"}"));

        ConnectorException error = failure(guarded.check(defaults));

        assertEquals(Fault.BLOCKED, error.fault());
        assertEquals("Host api.crowdstrike.com is not on the outbound allow-list", error.getMessage());
    }
}
