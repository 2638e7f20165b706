package io.connectors.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.error.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Refuses a body whose declared length exceeds {@code quarkus.http.limits.max-body-size} with a problem+json 413.
 * Quarkus refuses it too, but with an empty body; this runs just before it (filter priority 10 is route order -10,
 * Quarkus's check is order -2). A chunked body without a length still gets Quarkus's bare 413 once it passes the limit.
 */
@ApplicationScoped
public class OversizedBodyFilter {

    private static final int PRIORITY = 10;

    private final Optional<MemorySize> maxBodySize;
    private final ObjectMapper json;

    public OversizedBodyFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
                               ObjectMapper json) {
        this.maxBodySize = maxBodySize;
        this.json = json;
    }

    void register(@Observes Filters filters) {
        maxBodySize.ifPresent(limit -> filters.register(context -> refuseOversized(context, limit.asLongValue()), PRIORITY));
    }

    private void refuseOversized(RoutingContext context, long limit) {
        if (declaredLength(context) <= limit) {
            context.next();
            return;
        }
        // The rest of the body may still be on its way: do not read it, close after answering.
        ProblemResponses.end(context, json,
                Problem.of(413, "Content Too Large", "The request body exceeds " + limit + " bytes"), true);
    }

    private static long declaredLength(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
