package io.connectors.config.web;

import io.connectors.platform.security.Roles;
import io.quarkus.security.PermissionChecker;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may call config-service's internal API ({@code /internal/...}, never published by the gateway): the one rule,
 * applied with {@code @PermissionsAllowed(InternalCallers.CONNECTOR_LOOKUP)}. Realm role {@code service} alone is not
 * enough: every control-plane client has it, and only execution-service needs the credentials' envelope. The client a
 * token was issued to is its {@code azp} claim. Anonymous callers get 401, every other token 403.
 */
@ApplicationScoped
public class InternalCallers {

    /** Reading a connector's current config event: execution-service's client-credential token alone. */
    public static final String CONNECTOR_LOOKUP = "internal-connector-lookup";
    static final String EXECUTION_SERVICE = "execution-service";
    static final String AUTHORIZED_PARTY = "azp";

    @PermissionChecker(CONNECTOR_LOOKUP)
    public boolean mayLookUpConnectors(SecurityIdentity identity) {
        return isServiceClient(identity, EXECUTION_SERVICE);
    }

    /** Whether the token is a client-credential token of {@code clientId}: role service, issued to that client. */
    static boolean isServiceClient(SecurityIdentity identity, String clientId) {
        return identity != null && !identity.isAnonymous() && identity.hasRole(Roles.SERVICE)
                && identity.getPrincipal() instanceof JsonWebToken token
                && clientId.equals(token.getClaim(AUTHORIZED_PARTY));
    }
}
