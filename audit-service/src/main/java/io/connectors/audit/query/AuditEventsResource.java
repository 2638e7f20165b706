package io.connectors.audit.query;

import io.connectors.platform.error.ApiException;
import io.connectors.audit.CallerOrg;
import io.connectors.platform.security.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.common.util.RestMediaType;

/** The audit trail for analysts: the caller's org only (from the token), roles auditor or admin. */
@Path("/v1/audit")
@RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
public class AuditEventsResource {

    private final AuditEventQueries queries;
    private final CallerOrg callerOrg;

    public AuditEventsResource(AuditEventQueries queries, CallerOrg callerOrg) {
        this.queries = queries;
        this.callerOrg = callerOrg;
    }

    /** Events in chain order, filtered; {@code from} inclusive, {@code to} exclusive; cursor paging. */
    @GET
    @Path("/events")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<AuditEventPage> list(@RestQuery String from, @RestQuery String to, @RestQuery String actor,
                                   @RestQuery String action, @RestQuery("connector_id") String connectorId,
                                   @RestQuery String outcome, @RestQuery String limit, @RestQuery String cursor) {
        return queries.list(callerOrg.orgId(), EventQuery.parse(from, to, actor, action, connectorId, outcome, limit, cursor));
    }

    @GET
    @Path("/events/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<AuditEventDto> get(@RestPath String id) {
        if (!EventQuery.isUuid(id)) {
            throw ApiException.badRequest("id", "must be a UUID");
        }
        return queries.find(callerOrg.orgId(), id)
                .onItem().ifNull().failWith(() -> new NotFoundException("No audit event with this id"));
    }

    /** The matching trail as newline-delimited JSON, streamed page by page; same filters as the events list. */
    @GET
    @Path("/export")
    @Produces(RestMediaType.APPLICATION_NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<AuditEventDto> export(@RestQuery String from, @RestQuery String to, @RestQuery String actor,
                                      @RestQuery String action, @RestQuery("connector_id") String connectorId,
                                      @RestQuery String outcome) {
        EventQuery query = EventQuery.parse(from, to, actor, action, connectorId, outcome, null, null);
        return queries.export(callerOrg.orgId(), query.filter());
    }
}
