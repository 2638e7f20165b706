package io.connectors.execution.mcp;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * RFC 9728 protected-resource metadata, public: at the well-known root (where {@code /mcp}'s challenge points) and at
 * the path-suffixed location RFC 9728 derives from the resource {@code <base>/mcp}, which clients also try.
 */
@Path(ProtectedResource.METADATA_PATH)
public class ProtectedResourceMetadataResource {

    private final ProtectedResource resource;

    public ProtectedResourceMetadataResource(ProtectedResource resource) {
        this.resource = resource;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> root(@Context HttpServerRequest request) {
        return resource.metadata(request);
    }

    @GET
    @Path("mcp")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> mcp(@Context HttpServerRequest request) {
        return resource.metadata(request);
    }
}
