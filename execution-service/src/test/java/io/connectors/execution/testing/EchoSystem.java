package io.connectors.execution.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "external system" of the echo type, in the test JVM. Each call is scripted by its params (fail how, how many
 * times, hang); it counts calls per execution and per connector, remembers the credentials' user it was called with
 * (proving decryption), and can be taken down per connector for connectivity checks.
 */
public final class EchoSystem {

    private static final Map<String, AtomicInteger> CALLS_BY_EXECUTION = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> CALLS_BY_CONNECTOR = new ConcurrentHashMap<>();
    private static final Map<String, String> USER_BY_CONNECTOR = new ConcurrentHashMap<>();
    private static final Set<String> DOWN = ConcurrentHashMap.newKeySet();

    private EchoSystem() {
    }

    public static int callsOf(String executionId) {
        AtomicInteger calls = CALLS_BY_EXECUTION.get(executionId);
        return calls == null ? 0 : calls.get();
    }

    public static int callsTo(String connectorId) {
        AtomicInteger calls = CALLS_BY_CONNECTOR.get(connectorId);
        return calls == null ? 0 : calls.get();
    }

    public static String userSeenBy(String connectorId) {
        return USER_BY_CONNECTOR.get(connectorId);
    }

    public static void down(String connectorId, boolean down) {
        if (down) {
            DOWN.add(connectorId);
        } else {
            DOWN.remove(connectorId);
        }
    }

    static Uni<JsonNode> call(String operation, OperationContext context, JsonNode params) {
        int attempt = CALLS_BY_EXECUTION.computeIfAbsent(String.valueOf(context.executionId()), id -> new AtomicInteger()).incrementAndGet();
        CALLS_BY_CONNECTOR.computeIfAbsent(context.connectorId(), id -> new AtomicInteger()).incrementAndGet();
        USER_BY_CONNECTOR.put(context.connectorId(), context.credentials().path("user").asText());
        if (params.path("hang").asBoolean(false)) {
            return Uni.createFrom().nothing();
        }
        String fail = params.path("fail").asText(null);
        int failTimes = params.path("fail_times").asInt(Integer.MAX_VALUE);
        if (fail != null && attempt <= failTimes) {
            return Uni.createFrom().failure(failure(fail, params));
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("operation", operation);
        result.put("message", params.path("message").asText(""));
        result.put("attempt", attempt);
        result.put("greeting", context.config().path("greeting").asText(""));
        return Uni.createFrom().item(result);
    }

    static Uni<JsonNode> check(OperationContext context) {
        CALLS_BY_CONNECTOR.computeIfAbsent(context.connectorId(), id -> new AtomicInteger()).incrementAndGet();
        if (DOWN.contains(context.connectorId())) {
            return Uni.createFrom().failure(ConnectorException.external("echo is down (HTTP 503)", true));
        }
        return Uni.createFrom().item(JsonNodeFactory.instance.objectNode().put("reachable", true));
    }

    private static RuntimeException failure(String fail, JsonNode params) {
        Duration retryAfter = params.has("retry_after_seconds") ? Duration.ofSeconds(params.get("retry_after_seconds").asInt()) : null;
        int status = params.path("upstream_status").asInt(0);
        return switch (fail) {
            case "caller" -> new ConnectorException(ConnectorException.Fault.CALLER, "echo refused the request (HTTP 400)", false, null, status);
            case "configuration" -> new ConnectorException(ConnectorException.Fault.CONFIGURATION, "echo rejected the credentials (HTTP 401)", false, null, status);
            case "blocked" -> ConnectorException.blocked("Host echo.invalid is not on the outbound allow-list");
            case "crash" -> new IllegalStateException("a handler bug that quotes a secret: canary-secret-7f3a");
            default -> new ConnectorException(ConnectorException.Fault.EXTERNAL, "echo failed (HTTP " + (status == 0 ? 503 : status) + ")",
                    true, retryAfter, status == 0 ? 503 : status);
        };
    }
}
