package io.connectors.execution.policy;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** policy-service's decision API, called with execution-service's own client-credential token (ServiceTokens). */
@RegisterRestClient(configKey = "policy")
@Path("/v1/decisions")
interface PolicyApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Decision> decide(@HeaderParam("Authorization") String authorization, DecisionRequest request);
}
