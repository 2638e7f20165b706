package io.connectors.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.error.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Answers a problem+json from a route filter, before any resource runs (the route-level twin of ProblemMapper). */
final class ProblemResponses {

    private ProblemResponses() {
    }

    /**
     * Ends the exchange with {@code problem}; {@code close} when the rest of the request may still be on its way (do
     * not read it, close after answering).
     */
    static void end(RoutingContext context, ObjectMapper json, Problem problem, boolean close) {
        try {
            var response = context.response()
                    .setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
            if (close) {
                response.putHeader(HttpHeaders.CONNECTION, "close");
            }
            response.end(json.writeValueAsString(problem.withInstance(context.request().path())));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
