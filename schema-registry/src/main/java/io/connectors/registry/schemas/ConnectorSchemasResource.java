package io.connectors.registry.schemas;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** {@code GET /v1/connectors/schemas} exactly as the seed documents it; any authenticated user may read it. */
@Path("/v1/connectors/schemas")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConnectorSchemasResource {

    private final ConnectorSchemaService service;

    public ConnectorSchemasResource(ConnectorSchemaService service) {
        this.service = service;
    }

    @GET
    public Uni<Map<String, CredentialSchema>> schemas() {
        return Uni.createFrom().item(service.schemas());
    }
}
