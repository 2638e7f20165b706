package io.connectors.config.connector;

import io.connectors.config.web.OrgCallers;
import io.connectors.platform.security.Caller;
import io.connectors.platform.security.CallerProducer;
import io.connectors.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Key rotation for the caller's org: after a new key became the cipher's active one, an admin rewraps the org's stored
 * credentials to it; then the old key can be retired. Admins only: it touches every connector of the org.
 */
@Path("/v1/credentials/rewrap")
@Produces(MediaType.APPLICATION_JSON)
public class CredentialRotationResource {

    private final ConnectorService service;
    private final SecurityIdentity identity;

    public CredentialRotationResource(ConnectorService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Rewrapped> rewrap() {
        Caller caller = CallerProducer.fromIdentity(identity);
        return service.rewrapCredentials(caller, OrgCallers.orgOf(caller)).map(Rewrapped::new);
    }

    /** How many connectors' credentials now use the active key. */
    public record Rewrapped(int rewrapped) {
    }
}
