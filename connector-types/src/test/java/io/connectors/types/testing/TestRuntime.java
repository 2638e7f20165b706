package io.connectors.types.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.HostResolver;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.OutboundConfig;
import io.connectors.types.runtime.OutboundGuard;
import io.connectors.types.runtime.OutboundPolicy;
import io.connectors.types.runtime.SafeHttpClient;
import io.connectors.types.runtime.SystemHostResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The runtime beans built by hand, as CDI would: one Vert.x for the whole test run. */
public final class TestRuntime {

    public static final Duration AWAIT = Duration.ofSeconds(20);
    private static final Vertx VERTX = Vertx.vertx();

    private TestRuntime() {
    }

    public static Vertx vertx() {
        return VERTX;
    }

    /** Global allow-list {@code *}, and 127.0.0.1 allowed although loopback: the fakes run there. */
    public static OutboundConfig config() {
        return config(List.of("*"), List.of("127.0.0.1"));
    }

    public static OutboundConfig config(List<String> allowedHosts, List<String> allowedPrivateHosts) {
        return new OutboundConfig() {
            @Override
            public List<String> allowedHosts() {
                return allowedHosts;
            }

            @Override
            public Optional<List<String>> allowedPrivateHosts() {
                return Optional.of(allowedPrivateHosts);
            }

            @Override
            public int maxRedirects() {
                return 5;
            }
        };
    }

    public static OutboundGuard guard() {
        return new OutboundGuard(new SystemHostResolver(VERTX), config());
    }

    public static OutboundGuard guard(HostResolver resolver, OutboundConfig config) {
        return new OutboundGuard(resolver, config);
    }

    public static SafeHttpClient http() {
        return new SafeHttpClient(VERTX, guard(), config());
    }

    public static OutboundPolicy policy() {
        return new OutboundPolicy(Set.of(), Duration.ofSeconds(10), 1_000_000);
    }

    public static OperationContext context(int majorVersion, JsonNode config, JsonNode credentials) {
        return new OperationContext("11111111-1111-4111-8111-111111111111", UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), majorVersion, config, credentials, policy());
    }

    public static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T await(Uni<T> uni) {
        return uni.await().atMost(AWAIT);
    }

    /** The failure of {@code uni}; fails the test if it succeeds or fails otherwise. */
    public static ConnectorException failure(Uni<?> uni) {
        try {
            Object item = uni.await().atMost(AWAIT);
            throw new AssertionError("expected a ConnectorException, got " + item);
        } catch (ConnectorException e) {
            return e;
        }
    }
}
