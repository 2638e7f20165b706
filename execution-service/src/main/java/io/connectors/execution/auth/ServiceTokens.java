package io.connectors.execution.auth;

import io.connectors.execution.ExecutionConfig;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This service's client-credentials token for the services it calls (policy-service, config-service). A routine
 * expiry must cost no request: the token is renewed in the background once it enters its refresh window (the last
 * quarter of its life, at most {@code refresh-ahead}) while the current one is still handed out, and callers wait
 * only when there is no valid token at all. Concurrent renewals share one token request. A request refused with 401
 * asks for {@link #renewAfterRejection}: one new token, whatever the clock says (keys rotated, token revoked).
 */
@ApplicationScoped
public class ServiceTokens {

    private static final Logger LOG = Logger.getLogger(ServiceTokens.class);

    private final OidcClient client;
    private final Duration refreshAhead;
    private final AtomicReference<Held> held = new AtomicReference<>();
    private final AtomicReference<Uni<Held>> renewal = new AtomicReference<>();

    public ServiceTokens(OidcClient client, ExecutionConfig config) {
        this.client = client;
        this.refreshAhead = config.serviceToken().refreshAhead();
    }

    /** A token with its validity window as this service saw it when it was issued. */
    private record Held(String accessToken, Instant issuedAt, Instant expiresAt) {

        boolean expired(Instant now) {
            return !now.isBefore(expiresAt);
        }

        boolean dueForRenewal(Instant now, Duration refreshAhead) {
            Duration life = Duration.between(issuedAt, expiresAt);
            Duration ahead = life.dividedBy(4).compareTo(refreshAhead) < 0 ? life.dividedBy(4) : refreshAhead;
            return !now.isBefore(expiresAt.minus(ahead));
        }
    }

    /** The value of an {@code Authorization} header for a call now. */
    public Uni<String> authorization() {
        Instant now = Instant.now();
        Held current = held.get();
        if (current != null && !current.expired(now)) {
            if (current.dueForRenewal(now, refreshAhead)) {
                renew().subscribe().with(ignored -> { }, failure ->
                        LOG.warnf("Renewing the service token ahead of its expiry failed, will retry: %s", failure.toString()));
            }
            return Uni.createFrom().item(bearer(current));
        }
        return renew().map(ServiceTokens::bearer);
    }

    /** After a 401 for {@code rejectedAuthorization}: a new token, unless another caller already got one. */
    public Uni<String> renewAfterRejection(String rejectedAuthorization) {
        Held current = held.get();
        if (current != null && !bearer(current).equals(rejectedAuthorization) && !current.expired(Instant.now())) {
            return Uni.createFrom().item(bearer(current));
        }
        return renew().map(ServiceTokens::bearer);
    }

    private Uni<Held> renew() {
        Uni<Held> running = renewal.get();
        if (running != null) {
            return running;
        }
        Uni<Held> fresh = Uni.createFrom().deferred(() -> {
                    Instant asked = Instant.now();
                    return client.getTokens().map(tokens -> held(tokens, asked));
                })
                .invoke(held::set)
                .onTermination().invoke(() -> renewal.set(null))
                .memoize().indefinitely();
        return renewal.compareAndSet(null, fresh) ? fresh : renewal.get() == null ? renew() : renewal.get();
    }

    private static Held held(Tokens tokens, Instant asked) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        // Without an expiry the token is used until refused (then renewed after the 401).
        Instant expiry = expiresAt == null ? asked.plus(Duration.ofDays(1)) : Instant.ofEpochSecond(expiresAt);
        return new Held(tokens.getAccessToken(), asked, expiry);
    }

    private static String bearer(Held token) {
        return "Bearer " + token.accessToken();
    }
}
