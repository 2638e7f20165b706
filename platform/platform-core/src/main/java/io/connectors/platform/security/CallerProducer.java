package io.connectors.platform.security;

import io.connectors.platform.error.ApiException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/** Builds the request's {@link Caller} from the verified OIDC token. */
public class CallerProducer {

    public static final String ORG_CLAIM = "org_id";

    @Produces
    @RequestScoped
    Caller caller(SecurityIdentity identity) {
        return fromIdentity(identity);
    }

    public static Caller fromIdentity(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        Set<String> roles = Set.copyOf(identity.getRoles());
        boolean service = roles.contains(Roles.SERVICE);
        String subject = identity.getPrincipal().getName();
        String username = null;
        String orgId = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            subject = jwt.getSubject();
            username = jwt.getClaim("preferred_username");
            Object org = jwt.getClaim(ORG_CLAIM);
            orgId = org == null ? null : org.toString();
        }
        if (!service && (orgId == null || orgId.isBlank())) {
            throw new ApiException(403, "Forbidden", "The token carries no organization (claim org_id)", null);
        }
        return new Caller(subject, username, orgId, roles, service);
    }
}
