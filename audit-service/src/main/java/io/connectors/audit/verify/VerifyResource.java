package io.connectors.audit.verify;

import io.connectors.audit.CallerOrg;
import io.connectors.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/audit/verify")
@RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
public class VerifyResource {

    private final ChainVerifier verifier;
    private final CallerOrg callerOrg;

    public VerifyResource(ChainVerifier verifier, CallerOrg callerOrg) {
        this.verifier = verifier;
        this.callerOrg = callerOrg;
    }

    /** Recomputes the caller's org chain and names the first broken record. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<VerifyReport> verify() {
        return verifier.verify(callerOrg.orgId());
    }
}
