package io.connectors.types.runtime;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * OAuth access tokens in memory, per connector and credentials, until shortly before they expire. Concurrent calls
 * share one token request. Keys are hashes: the map holds no credential.
 */
@Singleton
public class TokenCache {

    /** A token is renewed this long before the expiry the server announced, so it never expires in flight. */
    static final Duration EARLY_RENEWAL = Duration.ofSeconds(60);
    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, Uni<Token>> tokens = new ConcurrentHashMap<>();

    /** An access token and when to stop using it. */
    public record Token(String value, Instant renewAt) {

        /** A token the server says is valid for {@code expiresInSeconds}. */
        public static Token expiringIn(String value, long expiresInSeconds) {
            return new Token(value, Instant.now().plusSeconds(expiresInSeconds).minus(EARLY_RENEWAL));
        }

        @Override
        public String toString() {
            return "Token[renewAt=" + renewAt + "]";
        }
    }

    /** The key for a connector's token: its id and every credential value that the token depends on. */
    public static String key(OperationContext context, String... credentialValues) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((context.orgId() + "\n" + context.connectorId()).getBytes(StandardCharsets.UTF_8));
            for (String value : credentialValues) {
                digest.update((byte) 0);
                digest.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached token, or a new one from {@code fetch} when there is none or it is due for renewal. */
    public Uni<String> token(String key, Supplier<Uni<Token>> fetch) {
        if (tokens.size() >= MAX_ENTRIES) {
            tokens.clear();
        }
        Uni<Token> created = fetch.get().memoize().indefinitely();
        Uni<Token> existing = tokens.putIfAbsent(key, created);
        if (existing == null) {
            return created.onFailure().invoke(() -> tokens.remove(key, created)).map(Token::value);
        }
        return existing.onItem().transformToUni(token -> {
            if (token.renewAt().isAfter(Instant.now())) {
                return Uni.createFrom().item(token.value());
            }
            tokens.remove(key, existing);
            return token(key, fetch);
        });
    }

    /**
     * Runs {@code call} with the cached token; when the API rejects it (401) before its announced expiry (revoked,
     * rotated), once more with a new token.
     */
    public <T> Uni<T> withToken(String key, Supplier<Uni<Token>> fetch, Function<String, Uni<T>> call) {
        return token(key, fetch).onItem().transformToUni(token -> call.apply(token)
                .onFailure(TokenCache::rejectsToken).recoverWithUni(rejected -> {
                    invalidate(key);
                    return token(key, fetch).onItem().transformToUni(fresh -> call.apply(fresh));
                }));
    }

    /**
     * A token request that failed as the caller's fault (400 invalid_client, 401) is the configuration's fault: the
     * stored client credentials are wrong.
     */
    public static Uni<Token> asConfigurationFailure(Uni<Token> request) {
        return request.onFailure(ConnectorException.class).transform(failure -> {
            ConnectorException connectorException = (ConnectorException) failure;
            return connectorException.fault() == ConnectorException.Fault.CALLER
                    ? connectorException.withFault(ConnectorException.Fault.CONFIGURATION) : connectorException;
        });
    }

    private static boolean rejectsToken(Throwable failure) {
        return failure instanceof ConnectorException connectorException && connectorException.upstreamStatus() == 401;
    }

    /** Forgets the token, e.g. after the API rejected it before its announced expiry. */
    public void invalidate(String key) {
        tokens.remove(key);
    }
}
