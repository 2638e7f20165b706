package io.connectors.policy.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.security.Caller;
import io.connectors.platform.security.CallerProducer;
import io.connectors.platform.security.Roles;
import io.connectors.policy.web.Ids;
import io.connectors.policy.web.NotFound;
import io.connectors.policy.web.Paging;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** Approval requests: any user of the org reads them; approvers and admins decide them. */
@Path("/v1/approvals")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalResource {

    private static final String APPROVAL = "approval";

    private final ApprovalService service;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public ApprovalResource(ApprovalService service, SecurityIdentity identity, ObjectMapper json) {
        this.service = service;
        this.identity = identity;
        this.json = json;
    }

    @GET
    public Uni<ApprovalDto.Page> list(@QueryParam("status") String status, @QueryParam("page") String page,
                                      @QueryParam("page_size") String pageSize) {
        return service.list(caller(), status, Paging.of(page, pageSize));
    }

    @GET
    @Path("{id}")
    public Uni<Response> get(@PathParam("id") String id, @Context HttpServerRequest request) {
        UUID approvalId = Ids.parse(id);
        return approvalId == null ? notFound(request) : service.get(caller(), approvalId).map(approval -> approval == null
                ? NotFound.of(request.path(), APPROVAL) : Response.ok(approval).build());
    }

    @POST
    @Path("{id}/approve")
    @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
    public Uni<Response> approve(@PathParam("id") String id, String body, @Context HttpServerRequest request)
            throws JsonProcessingException {
        return decide(id, true, body, request);
    }

    @POST
    @Path("{id}/reject")
    @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
    public Uni<Response> reject(@PathParam("id") String id, String body, @Context HttpServerRequest request)
            throws JsonProcessingException {
        return decide(id, false, body, request);
    }

    /**
     * The body is optional (a bare POST without a content type approves too), so it is read as text and parsed here;
     * a malformed one is a 400 from the JSON problem mappers, a wrong-typed or unknown field a 400 naming it.
     */
    private Uni<Response> decide(String id, boolean grant, String body, HttpServerRequest request)
            throws JsonProcessingException {
        JsonNode tree = body == null || body.isBlank() ? null : json.readTree(body);
        ApprovalDto.DecisionBody decision = tree == null || tree.isNull() ? null : ApprovalDto.DecisionBody.read(tree);
        UUID approvalId = Ids.parse(id);
        return approvalId == null ? notFound(request) : service.decide(caller(), approvalId, grant, decision)
                .map(approval -> approval == null ? NotFound.of(request.path(), APPROVAL) : Response.ok(approval).build());
    }

    private static Uni<Response> notFound(HttpServerRequest request) {
        return Uni.createFrom().item(NotFound.of(request.path(), APPROVAL));
    }

    /** The verified caller (built per request: platform's request-scoped Caller producer cannot proxy a record). */
    private Caller caller() {
        return CallerProducer.fromIdentity(identity);
    }
}
