package io.connectors.policy.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.security.Caller;
import io.connectors.platform.security.CallerProducer;
import io.connectors.platform.security.Roles;
import io.connectors.policy.web.Ids;
import io.connectors.policy.web.NotFound;
import io.connectors.policy.web.Paging;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.net.URI;
import java.util.UUID;

/**
 * Org policies: admins write, admins and auditors read. Bodies are read as JSON trees and then field by field
 * ({@code JsonFields}), so a wrong type or an unknown field is a 400 naming it instead of being coerced or ignored.
 */
@Path("/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private static final String POLICY = "policy";

    private final PolicyService service;
    private final SecurityIdentity identity;

    public PolicyResource(PolicyService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    public Uni<PolicyList> list(@QueryParam("page") String page, @QueryParam("page_size") String pageSize) {
        return service.list(caller(), Paging.of(page, pageSize));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@RequestBody(content = @Content(schema = @Schema(implementation = PolicyRequest.class)))
                                JsonNode body) {
        return service.create(caller(), body)
                .map(policy -> Response.created(URI.create("/v1/policies/" + policy.id())).entity(policy).build());
    }

    @GET
    @Path("settings")
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    public Uni<OrgSettingsDto> settings() {
        return service.settings(caller());
    }

    @PUT
    @Path("settings")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<OrgSettingsDto> updateSettings(
            @RequestBody(content = @Content(schema = @Schema(implementation = OrgSettingsDto.class))) JsonNode body) {
        return service.updateSettings(caller(), body);
    }

    @POST
    @Path("evaluate")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<EvaluationDto> evaluate(
            @RequestBody(content = @Content(schema = @Schema(implementation = EvaluateRequest.class))) JsonNode body) {
        return service.evaluate(caller(), body);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    public Uni<Response> get(@PathParam("id") String id, @Context HttpServerRequest request) {
        UUID policyId = Ids.parse(id);
        return policyId == null ? notFound(request) : service.get(caller(), policyId).map(policy -> policy == null
                ? NotFound.of(request.path(), POLICY) : Response.ok(policy).build());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> update(@PathParam("id") String id,
                                @RequestBody(content = @Content(schema = @Schema(implementation = PolicyRequest.class)))
                                JsonNode body, @Context HttpServerRequest request) {
        UUID policyId = Ids.parse(id);
        return policyId == null ? notFound(request) : service.update(caller(), policyId, body).map(policy -> policy == null
                ? NotFound.of(request.path(), POLICY) : Response.ok(policy).build());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") String id, @Context HttpServerRequest request) {
        UUID policyId = Ids.parse(id);
        return policyId == null ? notFound(request) : service.delete(caller(), policyId).map(deleted -> deleted
                ? Response.noContent().build() : NotFound.of(request.path(), POLICY));
    }

    @GET
    @Path("{id}/versions")
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    public Uni<Response> versions(@PathParam("id") String id, @Context HttpServerRequest request) {
        UUID policyId = Ids.parse(id);
        return policyId == null ? notFound(request) : service.versions(caller(), policyId).map(versions -> versions == null
                ? NotFound.of(request.path(), POLICY) : Response.ok(versions).build());
    }

    private static Uni<Response> notFound(HttpServerRequest request) {
        return Uni.createFrom().item(NotFound.of(request.path(), POLICY));
    }

    /** The verified caller (built per request: platform's request-scoped Caller producer cannot proxy a record). */
    private Caller caller() {
        return CallerProducer.fromIdentity(identity);
    }
}
