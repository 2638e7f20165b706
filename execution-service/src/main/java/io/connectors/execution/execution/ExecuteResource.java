package io.connectors.execution.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.execution.support.Responses;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;

/** {@code POST /v1/connectors/{config_id}/execute}: runs an operation through the policy engine. */
@Path("/v1/connectors/{config_id}/execute")
public class ExecuteResource {

    private final ExecutionFlow flow;
    private final SecurityIdentity identity;

    public ExecuteResource(ExecutionFlow flow, SecurityIdentity identity) {
        this.flow = flow;
        this.identity = identity;
    }

    /** Typed, so the JSON writer is chosen once at build time rather than looked up for every answer. */
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.DEPLOYER})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<ExecuteResponse>> execute(@PathParam("config_id") String configId,
                                                      @HeaderParam("Idempotency-Key") String idempotencyKey, JsonNode body) {
        return flow.execute(Responses.callerInOrg(identity), configId, body, idempotencyKey).map(answer -> {
            if (answer == null) {
                throw ApiException.notFound("No such connector configuration");
            }
            RestResponse.ResponseBuilder<ExecuteResponse> response = RestResponse.ResponseBuilder
                    .<ExecuteResponse>create(answer.httpStatus()).entity(answer.body());
            if (answer.httpStatus() == 202) {
                response.location(URI.create("/v1/executions/" + answer.body().executionId()));
            }
            return response.build();
        });
    }
}
