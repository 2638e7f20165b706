package io.connectors.execution.support;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.Problem;
import io.connectors.platform.security.Caller;
import io.connectors.platform.security.CallerProducer;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;

/** What every resource of this service needs: the caller's org, and a problem+json 404. */
public final class Responses {

    private Responses() {
    }

    /**
     * The verified caller of this request, who must belong to an org (a service token without one has nothing here).
     * Built from the identity rather than injected: platform-core's request-scoped {@code Caller} producer cannot be
     * proxied (a record is final), so injecting it fails the build.
     */
    public static Caller callerInOrg(SecurityIdentity identity) {
        Caller caller = CallerProducer.fromIdentity(identity);
        if (caller.orgId() == null || caller.orgId().isBlank()) {
            throw ApiException.forbidden("This API serves users of an organization");
        }
        return caller;
    }

    public static Response notFound(HttpServerRequest request, String detail) {
        return Response.status(Response.Status.NOT_FOUND).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(404, "Not Found", detail).withInstance(request.path())).build();
    }
}
