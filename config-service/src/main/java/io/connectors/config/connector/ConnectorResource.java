package io.connectors.config.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.config.idempotency.IdempotencyKeys;
import io.connectors.config.web.ETags;
import io.connectors.config.web.Ids;
import io.connectors.config.web.NotFound;
import io.connectors.config.web.OrgCallers;
import io.connectors.config.web.Paging;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.platform.error.Problem;
import io.connectors.platform.security.Caller;
import io.connectors.platform.security.CallerProducer;
import io.connectors.platform.security.Roles;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Connector configurations of the caller's org (the org comes from the token). Any authenticated user of the org
 * reads; admins and deployers write. Another org's connector is a 404, like one that does not exist.
 */
@Path(ConnectorResource.PATH)
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ConnectorResource {

    static final String PATH = "/v1/connectors";
    private static final String CONNECTOR = "connector configuration";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final ConnectorService service;
    private final SecurityIdentity identity;

    public ConnectorResource(ConnectorService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public Uni<ConnectorPage> list(@QueryParam("agent_id") String agentId, @QueryParam("pageSize") String pageSize,
                                   @QueryParam("pageNumber") String pageNumber) {
        String org = OrgCallers.orgOf(caller());
        List<FieldError> errors = new ArrayList<>();
        UUID agent = agentId == null ? null : Ids.parse(agentId);
        if (agentId != null && agent == null) {
            errors.add(new FieldError("agent_id", "expected a UUID"));
        }
        Paging paging = Paging.of(pageNumber, pageSize, errors);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("Invalid query parameters", errors);
        }
        return service.list(org, agent, paging, PATH);
    }

    @GET
    @Path("{id}")
    public Uni<Response> get(@PathParam("id") String id, @Context HttpServerRequest request) {
        String org = OrgCallers.orgOf(caller());
        UUID connectorId = Ids.parse(id);
        return connectorId == null ? notFound(request) : service.get(org, connectorId).map(connector -> connector == null
                ? NotFound.of(request.path(), CONNECTOR)
                : Response.ok(connector).tag(etag(connector.version())).build());
    }

    @POST
    @RolesAllowed({Roles.ADMIN, Roles.DEPLOYER})
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(JsonNode body, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        Caller caller = caller();
        return service.create(caller, OrgCallers.orgOf(caller), body, idempotencyKey).map(created -> {
            Response.ResponseBuilder response = Response.created(URI.create(PATH + "/" + created.id()))
                    .entity(created.body()).tag(etag(created.version()));
            return (created.replayed() ? response.header("Idempotent-Replayed", "true") : response).build();
        });
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DEPLOYER})
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    public Uni<Response> update(@PathParam("id") String id, JsonNode body,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Context HttpServerRequest request) {
        Caller caller = caller();
        String org = OrgCallers.orgOf(caller);
        UUID connectorId = Ids.parse(id);
        return connectorId == null ? notFound(request) : service.update(caller, org, connectorId, body, ifMatch)
                .map(updated -> updated == null ? NotFound.of(request.path(), CONNECTOR)
                        : Response.ok(updated.connector()).tag(etag(updated.connector().version())).build());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.ADMIN, Roles.DEPLOYER})
    public Uni<Response> delete(@PathParam("id") String id, @QueryParam("force") String force,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Context HttpServerRequest request) {
        Caller caller = caller();
        String org = OrgCallers.orgOf(caller);
        boolean forced = parseForce(force);
        UUID connectorId = Ids.parse(id);
        return connectorId == null ? notFound(request) : service.delete(caller, org, connectorId, ifMatch, forced)
                .map(outcome -> switch (outcome.result()) {
                    case NOT_FOUND -> NotFound.of(request.path(), CONNECTOR);
                    case BLOCKED -> Response.status(Response.Status.CONFLICT).type(Problem.MEDIA_TYPE)
                            .entity(BlockedDeletion.of(request.path(), outcome)).build();
                    case DELETED -> Response.noContent().build();
                });
    }

    // Platform's request-scoped Caller producer cannot be used (a record cannot be proxied): build it per call.
    private Caller caller() {
        return CallerProducer.fromIdentity(identity);
    }

    private static boolean parseForce(String force) {
        if (force == null || force.equals("false")) {
            return false;
        }
        if (force.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("force", "expected true or false");
    }

    private static EntityTag etag(long version) {
        return EntityTag.valueOf(ETags.of(version));
    }

    private static Uni<Response> notFound(HttpServerRequest request) {
        return Uni.createFrom().item(NotFound.of(request.path(), CONNECTOR));
    }
}
