package io.connectors.execution.connector;

import io.connectors.platform.events.v1.ConfigChanged;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** config-service's internal lookup of one connector (execution-service's token only; not routed by the gateway). */
@RegisterRestClient(configKey = "config")
@Path("/internal/v1/orgs/{org_id}/connectors/{id}")
interface ConfigApi {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ConfigChanged> connector(@HeaderParam("Authorization") String authorization, @PathParam("org_id") String orgId,
                                 @PathParam("id") String id);
}
