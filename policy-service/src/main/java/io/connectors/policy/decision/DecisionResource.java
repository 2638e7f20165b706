package io.connectors.policy.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.security.Caller;
import io.connectors.platform.security.CallerProducer;
import io.connectors.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * The decision API for execution-service (client-credential token with capability {@link Roles#DECISIONS_REQUEST};
 * users and every other service get 403). The org is taken from the body: the caller is a trusted control-plane service
 * acting for a user of that org, which is why role {@code service} alone, held by every service, is not enough.
 */
@Path("/v1/decisions")
@RolesAllowed(Roles.DECISIONS_REQUEST)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final DecisionService service;
    private final SecurityIdentity identity;

    public DecisionResource(DecisionService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    public Uni<DecisionResponse> decide(
            @RequestBody(content = @Content(schema = @Schema(implementation = DecisionRequest.class))) JsonNode body) {
        // read as a tree, field by field: wrong types and unknown fields are refused, never coerced or ignored
        return service.decide(caller(), body);
    }

    /** The verified caller (built per request: platform's request-scoped Caller producer cannot proxy a record). */
    private Caller caller() {
        return CallerProducer.fromIdentity(identity);
    }
}
