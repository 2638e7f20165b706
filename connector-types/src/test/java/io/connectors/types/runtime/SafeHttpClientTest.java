package io.connectors.types.runtime;

import io.connectors.types.runtime.ConnectorException.Fault;
import io.connectors.types.testing.FakeServer;
import io.connectors.types.testing.RecordedRequest;
import io.connectors.types.testing.Reply;
import io.connectors.types.testing.TestRuntime;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.connectors.types.testing.TestRuntime.await;
import static io.connectors.types.testing.TestRuntime.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound guard end to end: SSRF payloads (address encodings, IPv6 forms, DNS names resolving inward, redirects,
 * user info and scheme tricks) are refused before any connection; allowed calls go to the checked address; redirects,
 * timeouts and the response cap behave.
 */
class SafeHttpClientTest {

    private final List<String> lookups = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<String>> dns = Map.of(
            "metadata.google.internal", List.of("169.254.169.254"),
            "internal.example", List.of("10.0.0.5"),
            "rebind.example", List.of("93.184.216.34", "127.0.0.1"),
            "api.vendor.test", List.of("127.0.0.1"),
            "hooks.vendor.test", List.of("127.0.0.1"),
            "v6.vendor.test", List.of("::1"));
    private final List<FakeServer> fakes = new ArrayList<>();

    @AfterEach
    void closeFakes() {
        fakes.forEach(FakeServer::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://2130706433/", "http://017700000001/", "http://0x7f000001/", "http://127.1/", "http://0177.0.0.1/",
            "http://127.000.000.001/", "http://0/", "http://0x7f.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/", "http://[0:0:0:0:0:ffff:127.0.0.1]/", "http://[::127.0.0.1]/",
            "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/", "http://0.0.0.0/", "http://127.0.0.1:8080/admin",
            "http://169.254.169.254/latest/meta-data/iam/", "http://[fe80::1]/", "http://[fd00::1]/", "http://10.0.0.1/",
            "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/", "http://224.0.0.1/", "http://255.255.255.255/",
            "http://[fe80::1%25eth0]/", "http://metadata.google.internal/computeMetadata/v1/", "http://internal.example/",
            "http://rebind.example/", "http://v6.vendor.test/", "https://api.vendor.test/",
            "http://allowed.example@127.0.0.1/", "http://127.0.0.1:80@evil.example/", "file:///etc/passwd",
            "gopher://127.0.0.1:6379/_INFO", "ftp://example.com/pub", "jar:http://example.com/x.jar!/", "http:///path-only"})
    void refusesSsrfPayloadsBeforeConnecting(String url) {
        SafeHttpClient client = client(List.of("*"), List.of());

        ConnectorException error = failure(client.send(SafeHttpRequest.get(URI.create(url)), TestRuntime.policy()));

        assertEquals(Fault.BLOCKED, error.fault(), error.getMessage());
        assertFalse(error.retryable());
        assertEquals(0, error.upstreamStatus());
    }

    @Test
    void refusesANameTheSystemResolverMapsToLoopback() {
        SafeHttpClient client = new SafeHttpClient(TestRuntime.vertx(), new OutboundGuard(new SystemHostResolver(TestRuntime.vertx()),
                TestRuntime.config(List.of("*"), List.of())), TestRuntime.config());

        ConnectorException error = failure(client.send(SafeHttpRequest.get(URI.create("http://localhost/")), TestRuntime.policy()));

        assertEquals(Fault.BLOCKED, error.fault());
        assertEquals("Host localhost resolves to a loopback address, which connectors may not reach", error.getMessage());
    }

    @Test
    void namesTheKindOfAddressButNotTheAddressItself() {
        ConnectorException error = failure(client(List.of("*"), List.of())
                .send(SafeHttpRequest.get(URI.create("http://metadata.google.internal/")), TestRuntime.policy()));

        assertEquals("Host metadata.google.internal resolves to a link-local address, which connectors may not reach", error.getMessage());
        assertFalse(error.getMessage().contains("169.254"));
    }

    @Test
    void refusesHostsOutsideTheGlobalAndTheOrgsAllowList() {
        SafeHttpClient client = client(List.of("api.crowdstrike.com", "*.example.com"), List.of("127.0.0.1"));

        for (String url : List.of("http://example.com.evil.test/", "http://evilexample.com/", "http://api.crowdstrike.com.evil.test/")) {
            ConnectorException error = failure(client.send(SafeHttpRequest.get(URI.create(url)), TestRuntime.policy()));
            assertEquals(Fault.BLOCKED, error.fault(), url);
            assertTrue(error.getMessage().endsWith("is not on the outbound allow-list"), error.getMessage());
        }
        assertTrue(lookups.isEmpty(), "a refused host is never resolved: " + lookups);
    }

    @Test
    void reachesAHostTheOrgAllowsBesidesTheGlobalList() {
        FakeServer fake = fake().on("GET", "/ping", request -> Reply.json(200, "{\"pong\": true}"));
        SafeHttpClient client = client(List.of("api.crowdstrike.com"), List.of("127.0.0.1"));
        OutboundPolicy org = new OutboundPolicy(Set.of("*.vendor.test"), Duration.ofSeconds(10), 1000);

        SafeHttpResponse response = await(client.send(SafeHttpRequest.get(URI.create("http://hooks.vendor.test:" + fake.port() + "/ping")), org));

        assertEquals(200, response.status());
        assertEquals(TestRuntime.json("{\"pong\": true}"), response.json());
        assertEquals(Fault.BLOCKED, failure(client.send(SafeHttpRequest.get(URI.create("http://hooks.vendor.test:" + fake.port() + "/ping")),
                TestRuntime.policy())).fault());
    }

    @Test
    void connectsToTheCheckedAddressWithOneLookupAndTheHostHeaderOfTheUrl() {
        FakeServer fake = fake().on("POST", "/v1/items", request -> Reply.json(201, "{\"id\": 7}"));
        SafeHttpClient client = client(List.of("*"), List.of("127.0.0.1"));
        SafeHttpRequest request = SafeHttpRequest.json("POST", URI.create("http://api.vendor.test:" + fake.port() + "/v1/items?x=%2F1"),
                TestRuntime.json("{\"name\": \"n\"}")).withHeader("Authorization", "Bearer t");

        SafeHttpResponse response = await(client.send(request, TestRuntime.policy()));

        assertEquals(201, response.status());
        assertEquals(List.of("api.vendor.test"), lookups);
        RecordedRequest received = fake.only("POST", "/v1/items");
        assertEquals("api.vendor.test:" + fake.port(), received.header("Host"));
        assertEquals("x=%2F1", received.rawQuery());
        assertEquals("Bearer t", received.header("Authorization"));
        assertEquals("{\"name\":\"n\"}", received.text());
    }

    @Test
    void refusesARedirectToLoopbackLinkLocalPrivateOrAnotherScheme() {
        FakeServer fake = fake();
        List<String> targets = List.of("http://127.0.0.2:" + fake.port() + "/", "http://169.254.169.254/latest/meta-data/",
                "http://internal.example/", "http://[::1]:" + fake.port() + "/", "file:///etc/passwd", "http://2130706433/");
        for (int i = 0; i < targets.size(); i++) {
            String target = targets.get(i);
            fake.on("GET", "/r" + i, request -> Reply.empty(302).header("Location", target));
        }
        SafeHttpClient client = client(List.of("*"), List.of("127.0.0.1"));

        for (int i = 0; i < targets.size(); i++) {
            ConnectorException error = failure(client.send(SafeHttpRequest.get(URI.create(fake.url() + "/r" + i)), TestRuntime.policy()));
            assertEquals(Fault.BLOCKED, error.fault(), targets.get(i) + ": " + error.getMessage());
        }
        assertEquals(targets.size(), fake.requests().size(), "only the allowed first hops reached the fake");
    }

    @Test
    void followsARedirectChainAndStopsAfterFiveRedirects() {
        FakeServer fake = fake();
        for (int i = 0; i < 7; i++) {
            String next = "/hop" + (i + 1);
            fake.on("GET", "/hop" + i, request -> Reply.empty(301).header("Location", next));
        }
        fake.on("GET", "/hop4", request -> Reply.empty(307).header("Location", "/done"));
        fake.on("GET", "/done", request -> Reply.json(200, "{}"));
        SafeHttpClient client = client(List.of("*"), List.of("127.0.0.1"));

        assertEquals(200, await(client.send(SafeHttpRequest.get(URI.create(fake.url() + "/hop0")), TestRuntime.policy())).status());
        fake.on("GET", "/hop4", request -> Reply.empty(301).header("Location", "/hop5"));
        ConnectorException error = failure(client.send(SafeHttpRequest.get(URI.create(fake.url() + "/hop0")), TestRuntime.policy()));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertEquals("More than 5 redirects from 127.0.0.1", error.getMessage());
    }

    @Test
    void dropsCredentialsOnARedirectToAnotherOriginButKeepsThemOnTheSameOrigin() {
        FakeServer other = fake().on("POST", "/landing", request -> Reply.json(200, "{}"));
        FakeServer origin = fake()
                .on("POST", "/same", request -> Reply.empty(307).header("Location", "/moved"))
                .on("POST", "/moved", request -> Reply.json(200, "{}"))
                .on("POST", "/cross", request -> Reply.empty(308).header("Location", other.url() + "/landing"));
        SafeHttpClient client = client(List.of("*"), List.of("127.0.0.1"));
        SafeHttpRequest request = SafeHttpRequest.json("POST", URI.create(origin.url() + "/same"), TestRuntime.json("{\"a\": 1}"))
                .withHeader("Authorization", "Bearer canary-token").withHeader("X-Api-Key", "canary-key")
                .withHeader("Accept", "application/json");

        await(client.send(request, TestRuntime.policy()));
        await(client.send(new SafeHttpRequest("POST", URI.create(origin.url() + "/cross"), request.headers(), request.body()),
                TestRuntime.policy()));

        RecordedRequest moved = origin.only("POST", "/moved");
        assertEquals("Bearer canary-token", moved.header("Authorization"));
        assertEquals("canary-key", moved.header("X-Api-Key"));
        RecordedRequest landed = other.only("POST", "/landing");
        assertNull(landed.header("Authorization"));
        assertNull(landed.header("X-Api-Key"));
        assertEquals("application/json", landed.header("Accept"));
        assertEquals("{\"a\":1}", landed.text(), "307/308 keep the method and body");
    }

    @Test
    void turnsAPostIntoAGetWithoutBodyOnA303() {
        FakeServer fake = fake()
                .on("POST", "/submit", request -> Reply.empty(303).header("Location", "/status"))
                .on("GET", "/status", request -> Reply.json(200, "{\"done\": true}"));

        SafeHttpResponse response = await(client(List.of("*"), List.of("127.0.0.1")).send(
                SafeHttpRequest.json("POST", URI.create(fake.url() + "/submit"), TestRuntime.json("{\"a\": 1}")), TestRuntime.policy()));

        assertEquals(200, response.status());
        RecordedRequest status = fake.only("GET", "/status");
        assertEquals(0, status.body().length);
        assertNull(status.header("Content-Type"));
    }

    @Test
    void givesUpWhenTheServerDoesNotAnswerWithinTheTimeout() {
        FakeServer fake = fake().on("GET", "/slow", request -> null);
        OutboundPolicy quick = new OutboundPolicy(Set.of(), Duration.ofMillis(300), 1000);

        ConnectorException error = failure(client(List.of("*"), List.of("127.0.0.1"))
                .send(SafeHttpRequest.get(URI.create(fake.url() + "/slow")), quick));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertTrue(error.getMessage().startsWith("No answer from 127.0.0.1"), error.getMessage());
    }

    @Test
    void abortsAResponseLargerThanTheCapWhetherDeclaredOrStreamed() {
        String big = "x".repeat(5000);
        FakeServer fake = fake()
                .on("GET", "/declared", request -> Reply.text(200, big))
                .on("GET", "/streamed", request -> Reply.text(200, big).header("Transfer-Encoding", "chunked"))
                .on("GET", "/small", request -> Reply.text(200, "x".repeat(1000)));
        SafeHttpClient client = client(List.of("*"), List.of("127.0.0.1"));
        OutboundPolicy capped = new OutboundPolicy(Set.of(), Duration.ofSeconds(10), 1000);

        for (String path : List.of("/declared", "/streamed")) {
            ConnectorException error = failure(client.send(SafeHttpRequest.get(URI.create(fake.url() + path)), capped));
            assertEquals(Fault.EXTERNAL, error.fault());
            assertFalse(error.retryable());
            assertEquals("The response of 127.0.0.1 is larger than 1000 bytes", error.getMessage());
        }
        assertEquals(1000, await(client.send(SafeHttpRequest.get(URI.create(fake.url() + "/small")), capped)).body().length);
    }

    @Test
    void reportsARefusedConnectionAsRetryable() {
        FakeServer fake = fake();
        int closedPort = fake.port();
        fake.close();

        ConnectorException error = failure(client(List.of("*"), List.of("127.0.0.1"))
                .send(SafeHttpRequest.get(URI.create("http://127.0.0.1:" + closedPort + "/")), TestRuntime.policy()));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals("Could not connect to 127.0.0.1", error.getMessage());
    }

    @Test
    void reportsAnUnresolvableHostAsRetryable() {
        ConnectorException error = failure(client(List.of("*"), List.of())
                .send(SafeHttpRequest.get(URI.create("http://no-such-host.vendor.test/")), TestRuntime.policy()));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals("Host no-such-host.vendor.test could not be resolved", error.getMessage());
    }

    @Test
    void allowsAPrivateRangeNamedByCidr() {
        FakeServer fake = fake().on("GET", "/", request -> Reply.json(200, "{}"));
        SafeHttpClient client = client(List.of("*"), List.of("127.0.0.0/30"));

        assertEquals(200, await(client.send(SafeHttpRequest.get(URI.create("http://api.vendor.test:" + fake.port() + "/")),
                TestRuntime.policy())).status());
        assertEquals(Fault.BLOCKED, failure(client.send(SafeHttpRequest.get(URI.create("http://127.0.0.8:" + fake.port() + "/")),
                TestRuntime.policy())).fault());
    }

    @Test
    void readsTheResponseHeadersCaseInsensitively() {
        FakeServer fake = fake().on("GET", "/", request -> Reply.json(429, "{}").header("Retry-After", "17"));

        SafeHttpResponse response = await(client(List.of("*"), List.of("127.0.0.1"))
                .send(SafeHttpRequest.get(URI.create(fake.url() + "/")), TestRuntime.policy()));

        assertEquals("17", response.header("retry-after").orElseThrow());
        assertEquals(Duration.ofSeconds(17), VendorApi.retryAfterHeader(response).orElseThrow());
        assertEquals("{}", new String(response.body(), StandardCharsets.UTF_8));
    }

    private FakeServer fake() {
        FakeServer fake = new FakeServer();
        fakes.add(fake);
        return fake;
    }

    private SafeHttpClient client(List<String> allowedHosts, List<String> allowedPrivate) {
        OutboundConfig config = TestRuntime.config(allowedHosts, allowedPrivate);
        return new SafeHttpClient(TestRuntime.vertx(), new OutboundGuard(this::resolve, config), config);
    }

    private Uni<List<InetAddress>> resolve(String host) {
        lookups.add(host);
        List<String> addresses = dns.get(host);
        if (addresses == null) {
            return Uni.createFrom().failure(new UnknownHostException(host));
        }
        return Uni.createFrom().item(() -> addresses.stream().map(SafeHttpClientTest::literal).toList());
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
