package io.connectors.registry.types;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.error.Problem;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The connector-type catalog; any authenticated user or service may read it and validate against it. */
@Path("/v1/connector-types")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConnectorTypesResource {

    private final ConnectorTypeService service;

    public ConnectorTypesResource(ConnectorTypeService service) {
        this.service = service;
    }

    @GET
    public Uni<ConnectorTypeList> list() {
        return Uni.createFrom().item(service.list());
    }

    @GET
    @Path("{type}")
    public Uni<Response> get(@PathParam("type") String type, @QueryParam("version") String version,
                             @Context HttpServerRequest request) {
        return Uni.createFrom().item(() -> service.find(type, version))
                .map(detail -> detail == null ? notFound(request) : Response.ok(detail).build());
    }

    @POST
    @Path("{type}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> validate(@PathParam("type") String type, @QueryParam("version") String version, JsonNode body,
                                  @Context HttpServerRequest request) {
        return Uni.createFrom().item(() -> service.validate(type, version, body))
                .map(result -> result == null ? notFound(request) : Response.ok(result).build());
    }

    private static Response notFound(HttpServerRequest request) {
        return Response.status(Response.Status.NOT_FOUND).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(404, "Not Found", "No such connector type or version").withInstance(request.path()))
                .build();
    }
}
