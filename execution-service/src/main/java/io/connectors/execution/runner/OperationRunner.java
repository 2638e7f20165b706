package io.connectors.execution.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.connectors.execution.ExecutionConfig;
import io.connectors.execution.connector.Connector;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.types.ConnectorCatalog;
import io.connectors.types.CredentialField;
import io.connectors.types.OperationDefinition;
import io.connectors.types.runtime.ConnectivityCheck;
import io.connectors.types.runtime.ConnectivityChecks;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.OperationHandler;
import io.connectors.types.runtime.OperationHandlers;
import io.connectors.types.runtime.OutboundPolicy;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Performs one operation (or a connectivity check) against the external system: decrypts the credentials in memory,
 * then calls the type's handler through the connector's guard (rate limit, breaker), with a deadline per attempt and,
 * for idempotent operations only, retries of retryable failures with jittered exponential back-off that honours the
 * vendor's Retry-After. Never fails: the outcome carries the classified failure.
 */
@ApplicationScoped
public class OperationRunner {

    private final OperationHandlers handlers;
    private final ConnectivityChecks checks;
    private final SecretCipher cipher;
    private final ConnectorGuards guards;
    private final ExecutionConfig config;
    private final ObjectMapper mapper;
    private final ConnectorCatalog catalog;
    private final Map<String, Set<String>> sensitiveByType = new ConcurrentHashMap<>();

    public OperationRunner(OperationHandlers handlers, ConnectivityChecks checks, SecretCipher cipher,
                           ConnectorGuards guards, ExecutionConfig config, ObjectMapper mapper, ConnectorCatalog catalog) {
        this.handlers = handlers;
        this.checks = checks;
        this.cipher = cipher;
        this.guards = guards;
        this.config = config;
        this.mapper = mapper;
        this.catalog = catalog;
    }

    public Uni<RunOutcome> run(Connector connector, OperationDefinition operation, JsonNode params, String executionId) {
        Optional<OperationHandler> handler = handlers.find(connector.type(), operation.name());
        if (handler.isEmpty()) {
            return Uni.createFrom().item(RunOutcome.failed(Failure.of(Fault.CONFIGURATION,
                    "This service cannot run " + connector.type() + " " + operation.name(), false), 0));
        }
        return call(connector, executionId, operation.idempotent(), context -> handler.get().execute(context, params));
    }

    /** The type's harmless connectivity probe, once (a check is cheap to repeat later). */
    public Uni<RunOutcome> check(Connector connector) {
        Optional<ConnectivityCheck> check = checks.find(connector.type());
        if (check.isEmpty()) {
            return Uni.createFrom().item(RunOutcome.failed(Failure.of(Fault.CONFIGURATION,
                    "No connectivity check exists for " + connector.type(), false), 0));
        }
        return call(connector, null, false, context -> check.get().check(context));
    }

    /** The call, with whatever the external system answered scrubbed of the connector's secrets. */
    private Uni<RunOutcome> call(Connector connector, String executionId, boolean idempotent,
                                 Function<OperationContext, Uni<JsonNode>> call) {
        ConnectorGuard guard = guards.of(connector.id());
        AtomicInteger attempts = new AtomicInteger();
        return context(connector, executionId)
                .chain(context -> {
                    CredentialScrubber scrubber = CredentialScrubber.of(context.credentials(), sensitiveFields(connector));
                    return attempt(guard, () -> call.apply(context), idempotent, attempts)
                            .map(result -> RunOutcome.success(scrubber.scrub(result == null ? NullNode.getInstance() : result),
                                    attempts.get()))
                            .onFailure().recoverWithItem(failure -> RunOutcome.failed(
                                    Failure.classify(failure).scrubbed(scrubber), attempts.get()));
                })
                .onFailure().recoverWithItem(failure -> RunOutcome.failed(Failure.classify(failure), attempts.get()));
    }

    private Set<String> sensitiveFields(Connector connector) {
        return sensitiveByType.computeIfAbsent(connector.type() + "@" + connector.majorVersion(), ignored ->
                catalog.version(connector.type(), connector.majorVersion())
                        .map(type -> type.credentialFields().stream().filter(CredentialField::sensitive)
                                .map(CredentialField::name).collect(Collectors.toUnmodifiableSet()))
                        .orElse(Set.of()));
    }

    private Uni<JsonNode> attempt(ConnectorGuard guard, Supplier<Uni<JsonNode>> call, boolean idempotent,
                                  AtomicInteger attempts) {
        return Uni.createFrom().deferred(() -> {
                    guard.acquire();
                    attempts.incrementAndGet();
                    return call.get();
                })
                .ifNoItem().after(config.outbound().attemptTimeout()).fail()
                .onItem().invoke(guard::succeeded)
                .onFailure().transform(Failure::classify)
                .onFailure().invoke(failure -> guard.failed((Failure) failure))
                .onFailure(failure -> idempotent && mayRetry((Failure) failure, attempts.get()))
                .recoverWithUni(failure -> Uni.createFrom().voidItem()
                        .onItem().delayIt().by(backoff(attempts.get(), (Failure) failure))
                        .chain(() -> attempt(guard, call, idempotent, attempts)));
    }

    private boolean mayRetry(Failure failure, int attemptsSoFar) {
        return failure.retryable() && attemptsSoFar < config.retry().maxAttempts()
                && (failure.retryAfter() == null || failure.retryAfter().compareTo(config.retry().maxRetryAfter()) <= 0);
    }

    /** Equal jitter: half the exponential step plus a random share of the other half, never before Retry-After. */
    Duration backoff(int attemptsSoFar, Failure failure) {
        long step = Math.min(config.retry().maxBackoff().toMillis(),
                config.retry().initialBackoff().toMillis() << Math.min(attemptsSoFar - 1, 20));
        long jittered = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
        long retryAfter = failure.retryAfter() == null ? 0 : failure.retryAfter().toMillis();
        return Duration.ofMillis(Math.max(jittered, retryAfter));
    }

    /** Decrypts the credentials for this one call; the plaintext bytes are wiped once parsed. */
    private Uni<OperationContext> context(Connector connector, String executionId) {
        if (!connector.hasCredentials()) {
            return Uni.createFrom().failure(Failure.of(Fault.CONFIGURATION, "No credentials are configured", false));
        }
        return cipher.decrypt(connector.orgId(), connector.id(), connector.credentialsCiphertext())
                .onFailure().transform(failure -> Failure.of(Fault.CONFIGURATION,
                        "The stored credentials cannot be decrypted", false))
                .map(plaintext -> new OperationContext(connector.orgId(), connector.id(), executionId,
                        connector.majorVersion(), connector.config(), credentials(plaintext), outbound(connector.orgId())));
    }

    private JsonNode credentials(byte[] plaintext) {
        try {
            JsonNode credentials = mapper.readTree(plaintext);
            if (credentials == null || !credentials.isObject()) {
                throw Failure.of(Fault.CONFIGURATION, "The stored credentials are not a JSON object", false);
            }
            return credentials;
        } catch (IOException e) {
            // The parser's message quotes the input: never let it out.
            throw Failure.of(Fault.CONFIGURATION, "The stored credentials are not valid JSON", false);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    OutboundPolicy outbound(String orgId) {
        List<String> hosts = config.orgAllowedHosts().getOrDefault(orgId, List.of());
        return new OutboundPolicy(Set.copyOf(hosts.stream().map(String::trim).filter(h -> !h.isEmpty()).toList()),
                config.outbound().timeout(), config.outbound().maxResponseBytes().asLongValue());
    }
}
