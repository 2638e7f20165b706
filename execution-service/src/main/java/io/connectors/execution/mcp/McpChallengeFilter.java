package io.connectors.execution.mcp;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every 401 of {@code /mcp} carries the MCP challenge ({@code resource_metadata}), also when quarkus-oidc refused a
 * token before any resource ran (expired, foreign, garbled): the platform's mapper would say only {@code Bearer}.
 */
@ApplicationScoped
public class McpChallengeFilter {

    /** Before authentication (filter priority 200; CORS is 300): it only sets a header when the response ends. */
    private static final int PRIORITY = 250;

    private final ProtectedResource resource;

    McpChallengeFilter(ProtectedResource resource) {
        this.resource = resource;
    }

    void register(@Observes Filters filters) {
        filters.register(this::challengeOn401, PRIORITY);
    }

    private void challengeOn401(RoutingContext context) {
        if ("/mcp".equals(context.request().path())) {
            boolean tokenSent = context.request().getHeader("Authorization") != null;
            context.addHeadersEndHandler(ignored -> {
                if (context.response().getStatusCode() == 401) {
                    context.response().headers().set("WWW-Authenticate",
                            resource.challenge(context.request(), tokenSent ? "invalid_token" : null));
                }
            });
        }
        context.next();
    }
}
