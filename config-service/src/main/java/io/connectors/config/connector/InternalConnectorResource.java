package io.connectors.config.connector;

import io.connectors.config.web.Ids;
import io.connectors.config.web.NotFound;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/**
 * Internal lookup for execution-service (read-your-writes): right after a create, the connector's event is still on
 * its way to execution-service's read model, so before answering 404 it asks here once. The answer is exactly the
 * {@code ConfigChanged} its config event carries for the current state. The org comes from the path: the caller is a
 * trusted service acting for a user of that org, and the read runs org-scoped (Row-Level Security). It needs capability
 * {@link Roles#CONNECTORS_LOOKUP}, which only execution-service's client holds (it alone decrypts credentials); role
 * {@code service} alone is 403 like any user, no token 401. The gateway does not publish {@code /internal}.
 */
@Path(InternalConnectorResource.PATH)
@RolesAllowed(Roles.CONNECTORS_LOOKUP)
@Produces(MediaType.APPLICATION_JSON)
public class InternalConnectorResource {

    static final String PATH = "/internal/v1/orgs/{org_id}/connectors";
    private static final String CONNECTOR = "connector configuration";

    private final ConnectorService service;

    public InternalConnectorResource(ConnectorService service) {
        this.service = service;
    }

    @GET
    @Path("{id}")
    public Uni<Response> get(@PathParam("org_id") String orgId, @PathParam("id") String id,
                             @Context HttpServerRequest request) {
        // Orgs are UUIDs (the realm's org_id attribute); the text is used as given, as the rows store it.
        if (Ids.parse(orgId) == null) {
            throw ApiException.badRequest("org_id", "expected an org id (a UUID)");
        }
        UUID connectorId = Ids.parse(id);
        if (connectorId == null) {
            return Uni.createFrom().item(NotFound.of(request.path(), CONNECTOR));
        }
        return service.currentConfigEvent(orgId, connectorId).map(event -> event == null
                ? NotFound.of(request.path(), CONNECTOR)
                // it carries the credentials' envelope: no cache along the way keeps a copy
                : Response.ok(event).header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }
}
