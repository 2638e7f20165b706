package io.connectors.platform.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifiedTokensTest {

    private static final long NOW = 1_800_000_000_000L;
    private final MovableClock clock = new MovableClock();

    @Test
    void isAskedBeforeProvidersOfTheDefaultPriorityLikeQuarkusOidcs() {
        IdentityProvider<TokenAuthenticationRequest> byDefault = new IdentityProvider<>() {
            @Override
            public Class<TokenAuthenticationRequest> getRequestType() {
                return TokenAuthenticationRequest.class;
            }

            @Override
            public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
                return Uni.createFrom().nullItem();
            }
        };
        // Quarkus tries providers from the highest priority down.
        assertTrue(new VerifiedTokens(Duration.ofSeconds(60), 100, clock).priority() > byDefault.priority());
    }

    @Test
    void knowsAVerifiedTokenUntilItExpires() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofMinutes(5), 100, clock);
        tokens.remember(identity("token-a", NOW / 1000 + 30));

        assertEquals("alice", tokens.lookup("token-a").getPrincipal().getName());
        clock.advance(Duration.ofSeconds(29));
        assertEquals("alice", tokens.lookup("token-a").getPrincipal().getName());
        clock.advance(Duration.ofSeconds(1));
        assertNull(tokens.lookup("token-a"), "expired with the token");
        assertEquals(0, tokens.size());
    }

    @Test
    void forgetsATokenAfterTheTtlEvenIfItLivesLonger() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 100, clock);
        tokens.remember(identity("token-a", NOW / 1000 + 3600));
        clock.advance(Duration.ofSeconds(59));
        assertEquals("alice", tokens.lookup("token-a").getPrincipal().getName());
        clock.advance(Duration.ofSeconds(1));
        assertNull(tokens.lookup("token-a"));
    }

    @Test
    void matchesOnlyTheExactTokenString() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 100, clock);
        tokens.remember(identity("header.payload.signature", NOW / 1000 + 300));
        assertNull(tokens.lookup("header.payload.signaturf"));
        assertNull(tokens.lookup("header.payload."));
        assertNull(tokens.lookup(null));
    }

    @Test
    void remembersNothingWithoutAnExpiryOrAlreadyExpiredOrWhenDisabled() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 100, clock);
        tokens.remember(identity("no-exp", 0));
        tokens.remember(identity("expired", NOW / 1000 - 1));
        assertEquals(0, tokens.size());

        VerifiedTokens disabled = new VerifiedTokens(Duration.ZERO, 100, clock);
        disabled.remember(identity("token-a", NOW / 1000 + 300));
        assertNull(disabled.lookup("token-a"));
    }

    @Test
    void staysWithinItsBound() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 3, clock);
        for (int i = 0; i < 10; i++) {
            tokens.remember(identity("token-" + i, NOW / 1000 + 300));
            assertEquals(true, tokens.size() <= 3, "size " + tokens.size());
        }
        assertEquals("alice", tokens.lookup("token-9").getPrincipal().getName());
    }

    @Test
    void keepsNoRequestOfTheIdentityItRemembers() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 100, clock);
        SecurityIdentity verified = QuarkusSecurityIdentity.builder(identity("token-a", NOW / 1000 + 300))
                .addAttribute(RoutingContext.class.getName(), "the request it was verified in").build();
        tokens.remember(verified);

        SecurityIdentity known = tokens.lookup("token-a");
        assertNull(known.getAttribute(RoutingContext.class.getName()));
        assertEquals(Set.of("service"), known.getRoles());
        assertSame(verified.getPrincipal(), known.getPrincipal());
        assertEquals("token-a", known.getCredential(TokenCredential.class).getToken());
    }

    private static SecurityIdentity identity(String token, long exp) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new Jwt("alice", exp))
                .addRole("service")
                .addCredential(new TokenCredential(token, "bearer"))
                .build();
    }

    private record Jwt(String name, long exp) implements JsonWebToken {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Set<String> getClaimNames() {
            return exp == 0 ? Set.of("sub") : Set.of("sub", "exp");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            Map<String, Object> claims = exp == 0 ? Map.of("sub", name) : Map.of("sub", name, "exp", exp);
            return (T) claims.get(claimName);
        }
    }

    private static final class MovableClock extends Clock {

        private long millis = NOW;

        void advance(Duration duration) {
            millis += duration.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
