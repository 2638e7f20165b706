package io.connectors.execution.health;

import io.connectors.execution.support.Responses;
import io.connectors.platform.security.Roles;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A connector's health ({@code status}, any user of the org) and its connectivity test (admin or deployer). */
@Path("/v1/connectors/{config_id}")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    private static final String NOT_FOUND = "No such connector configuration";

    private final HealthService service;
    private final SecurityIdentity identity;

    public HealthResource(HealthService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Path("status")
    @Authenticated
    public Uni<Response> status(@PathParam("config_id") String configId, @Context HttpServerRequest request) {
        return service.status(Responses.callerInOrg(identity), configId)
                .map(status -> status == null ? Responses.notFound(request, NOT_FOUND) : Response.ok(status).build());
    }

    @POST
    @Path("test")
    @RolesAllowed({Roles.ADMIN, Roles.DEPLOYER})
    public Uni<Response> test(@PathParam("config_id") String configId, @Context HttpServerRequest request) {
        return service.test(Responses.callerInOrg(identity), configId)
                .map(test -> test == null ? Responses.notFound(request, NOT_FOUND) : Response.ok(test).build());
    }
}
