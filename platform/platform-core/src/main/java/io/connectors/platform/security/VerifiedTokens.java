package io.connectors.platform.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Remembers bearer tokens this replica has verified, so a caller that sends the same token again (a service's
 * client-credentials token on every call, an agent's token for its session) is not parsed and RSA-checked again:
 * that was 14% of execution-service's CPU per execution (BENCHMARKS.md, issue 12). Only the exact token string is
 * matched; an entry lives until the token expires and at most {@code connectors.security.verified-token-ttl}
 * (a signing key Keycloak retires stops being honoured within that time, as with any local JWT verification, which
 * never asks Keycloak about revocation). A miss answers nothing, so quarkus-oidc verifies the token as always, and
 * {@link Remember} keeps what it accepted.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();

    private final Map<String, Entry> verified = new ConcurrentHashMap<>();
    private final LongAdder served = new LongAdder();
    private final long ttlMillis;
    private final int maxEntries;
    private final Clock clock;

    @Inject
    public VerifiedTokens(@ConfigProperty(name = "connectors.security.verified-token-ttl", defaultValue = "60s") Duration ttl,
                          @ConfigProperty(name = "connectors.security.verified-tokens", defaultValue = "10000") int maxEntries) {
        this(ttl, maxEntries, Clock.systemUTC());
    }

    VerifiedTokens(Duration ttl, int maxEntries, Clock clock) {
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Tried before quarkus-oidc's provider, which keeps the SPI's default priority, 1001 (higher is tried first); a
     * miss (null) hands the request on to it. At 1000, below that default, quarkus-oidc verified every token and this
     * provider was never asked (BENCHMARKS.md, issue 12: 18% of execution-service's CPU, 40% of policy-service's).
     */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        SecurityIdentity known = lookup(request.getToken().getToken());
        if (known == null) {
            return Uni.createFrom().nullItem();
        }
        served.increment();
        // quarkus-oidc's identities carry the request they were made for: give this one the current request.
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(known)
                .addAttribute(ROUTING_CONTEXT, HttpSecurityUtils.getRoutingContextAttribute(request))
                .build());
    }

    /** The identity verified for exactly this token, while neither the token nor the entry has expired. */
    SecurityIdentity lookup(String token) {
        if (token == null || ttlMillis <= 0) {
            return null;
        }
        Entry entry = verified.get(token);
        if (entry == null) {
            return null;
        }
        if (clock.millis() >= entry.validUntilMillis()) {
            verified.remove(token, entry);
            return null;
        }
        return entry.identity();
    }

    /** Keeps an identity quarkus-oidc verified from a JWT with an expiry. */
    void remember(SecurityIdentity identity) {
        if (ttlMillis <= 0 || !(identity.getPrincipal() instanceof JsonWebToken jwt) || !jwt.containsClaim("exp")
                || jwt.getExpirationTime() <= 0) {
            return;
        }
        TokenCredential credential = identity.getCredential(TokenCredential.class);
        if (credential == null || credential.getToken() == null) {
            return;
        }
        long now = clock.millis();
        long validUntil = Math.min(jwt.getExpirationTime() * 1000, now + ttlMillis);
        if (validUntil <= now || verified.containsKey(credential.getToken())) {
            return;
        }
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(entry -> now >= entry.validUntilMillis());
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        // Without the request it was verified in, which must not outlive that request.
        SecurityIdentity withoutRequest = QuarkusSecurityIdentity.builder(identity).addAttribute(ROUTING_CONTEXT, null).build();
        verified.put(credential.getToken(), new Entry(withoutRequest, validUntil));
    }

    /** Whether this exact token is remembered as verified and unexpired (for tests and diagnostics). */
    public boolean knows(String token) {
        return lookup(token) != null;
    }

    /** Requests authenticated from a remembered token, without verifying it again (for tests and diagnostics). */
    public long served() {
        return served.sum();
    }

    int size() {
        return verified.size();
    }

    private record Entry(SecurityIdentity identity, long validUntilMillis) {
    }

    /** Sees every identity the providers produced and remembers the verified ones (runs before other augmentors). */
    @ApplicationScoped
    public static class Remember implements SecurityIdentityAugmentor {

        private final VerifiedTokens tokens;

        public Remember(VerifiedTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public int priority() {
            return 1000;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (!identity.isAnonymous()) {
                tokens.remember(identity);
            }
            return Uni.createFrom().item(identity);
        }
    }
}
