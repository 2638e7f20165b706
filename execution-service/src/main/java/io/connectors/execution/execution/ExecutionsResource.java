package io.connectors.execution.execution;

import io.connectors.execution.support.Responses;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Executions of the caller's org; any authenticated user of the org may read them. */
@Path("/v1/executions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ExecutionsResource {

    private final ExecutionHistory history;
    private final SecurityIdentity identity;

    public ExecutionsResource(ExecutionHistory history, SecurityIdentity identity) {
        this.history = history;
        this.identity = identity;
    }

    @GET
    public Uni<ExecutionPage> list(@QueryParam("connector_id") String connectorId, @QueryParam("status") String status,
                                   @QueryParam("pageSize") String pageSize, @QueryParam("pageNumber") String pageNumber) {
        return history.list(Responses.callerInOrg(identity), ExecutionQuery.parse(connectorId, status, pageSize, pageNumber));
    }

    @GET
    @Path("{id}")
    public Uni<Response> get(@PathParam("id") String id, @Context HttpServerRequest request) {
        return history.find(Responses.callerInOrg(identity), id).map(view -> view == null
                ? Responses.notFound(request, "No such execution")
                : Response.ok(view).build());
    }
}
