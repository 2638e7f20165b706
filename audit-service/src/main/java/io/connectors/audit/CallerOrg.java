package io.connectors.audit;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.security.Caller;
import io.connectors.platform.security.CallerProducer;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The org of the verified caller, which scopes every read. Built with {@link CallerProducer#fromIdentity} rather than
 * by injecting {@link Caller}: ArC refuses the platform's {@code @RequestScoped} producer of a record type.
 */
@ApplicationScoped
public class CallerOrg {

    private final SecurityIdentity identity;

    public CallerOrg(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String orgId() {
        Caller caller = CallerProducer.fromIdentity(identity);
        if (caller.orgId() == null || caller.orgId().isBlank()) {
            throw ApiException.forbidden("The trail is read within an organization; this token names none");
        }
        return caller.orgId();
    }
}
