package io.connectors.config.web;

import io.connectors.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The internal API's rule on tokens that Keycloak would not issue in the realm, next to the ones it does. */
class InternalCallersTest {

    private final InternalCallers callers = new InternalCallers();

    @Test
    void allowsExecutionServicesClientCredentialToken() {
        assertTrue(callers.mayLookUpConnectors(identity(token(Map.of("azp", "execution-service")), Roles.SERVICE)));
    }

    @Test
    void refusesAnotherServicesToken() {
        assertFalse(callers.mayLookUpConnectors(identity(token(Map.of("azp", "policy-service")), Roles.SERVICE)));
    }

    @Test
    void refusesATokenIssuedToExecutionServiceWithoutTheServiceRole() {
        assertFalse(callers.mayLookUpConnectors(identity(token(Map.of("azp", "execution-service")), Roles.ADMIN)));
    }

    @Test
    void refusesAServiceTokenThatNamesNoClient() {
        assertFalse(callers.mayLookUpConnectors(identity(token(Map.of("client_id", "execution-service")), Roles.SERVICE)));
    }

    @Test
    void refusesAPrincipalThatIsNoToken() {
        assertFalse(callers.mayLookUpConnectors(identity(new QuarkusPrincipal("execution-service"), Roles.SERVICE)));
    }

    @Test
    void refusesAnonymousCallers() {
        assertFalse(callers.mayLookUpConnectors(QuarkusSecurityIdentity.builder().setAnonymous(true).build()));
        assertFalse(callers.mayLookUpConnectors(null));
    }

    private static SecurityIdentity identity(Principal principal, String role) {
        return QuarkusSecurityIdentity.builder().setPrincipal(principal).addRole(role).build();
    }

    private static JsonWebToken token(Map<String, Object> claims) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "service-account";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) claims.get(claimName);
            }
        };
    }
}
