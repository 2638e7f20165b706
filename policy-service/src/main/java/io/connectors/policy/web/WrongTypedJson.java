package io.connectors.policy.web;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.connectors.platform.error.ProblemMapper;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A body field of the wrong type or shape as problem+json naming the field. quarkus-rest-jackson ships its own mapper
 * for {@link MismatchedInputException}, which is more specific than the platform's {@code JsonProcessingException}
 * mapper and answers plain JSON; this one takes precedence and hands the exception to the platform's mapper.
 */
public class WrongTypedJson {

    private final ProblemMapper problems = new ProblemMapper();

    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response map(MismatchedInputException e, HttpServerRequest request) {
        return problems.mapUnreadableJson(e, request);
    }
}
