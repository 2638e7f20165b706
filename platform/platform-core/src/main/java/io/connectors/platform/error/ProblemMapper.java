package io.connectors.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one exception mapper of every service: everything that goes wrong leaves as {@code application/problem+json}.
 * Unexpected failures become a 500 that names an incident id and nothing else, so no internal detail (or secret
 * carried in an exception message) reaches the client; the detail goes to the log under that id.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response mapApi(ApiException e, HttpServerRequest request) {
        return respond(e.toProblem(), request);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response mapUnauthorized(RuntimeException e, HttpServerRequest request) {
        Response response = respond(Problem.of(401, "Unauthorized", "A valid bearer token is required"), request);
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response mapForbidden(ForbiddenException e, HttpServerRequest request) {
        return respond(Problem.of(403, "Forbidden", "Your roles do not allow this action"), request);
    }

    @ServerExceptionMapper
    public Response mapUnreadableJson(JsonProcessingException e, HttpServerRequest request) {
        return respond(jsonProblem(e), request);
    }

    @ServerExceptionMapper
    public Response mapWebApplication(WebApplicationException e, HttpServerRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return respond(jsonProblem(json), request);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        return respond(Problem.of(status, title, safeDetail(e, title)), request);
    }

    @ServerExceptionMapper
    public Response mapUnexpected(Throwable e, HttpServerRequest request) {
        return unexpected(e, request);
    }

    private Response unexpected(Throwable e, HttpServerRequest request) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, incident %s on %s %s", incident, request.method(), request.path());
        return respond(Problem.of(500, "Internal Server Error", "Unexpected failure; incident " + incident), request);
    }

    static Problem jsonProblem(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = path(mapping.getPath());
            String message;
            if (e instanceof UnrecognizedPropertyException) {
                message = "unknown field";
            } else if (e instanceof InvalidFormatException invalid) {
                message = "expected " + simpleType(invalid.getTargetType());
            } else if (e instanceof MismatchedInputException mismatched) {
                message = "expected " + simpleType(mismatched.getTargetType());
            } else {
                message = "invalid value";
            }
            return Problem.of(400, "Bad Request", "The request body has a field of the wrong type or shape")
                    .withErrors(List.of(new FieldError(field, message)));
        }
        return Problem.of(400, "Bad Request", "The request body is not valid JSON")
                .withErrors(List.of(new FieldError("body", "malformed JSON")));
    }

    private static String path(List<JsonMappingException.Reference> references) {
        return references.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type == String.class || type.isEnum() || type == UUID.class) {
            return "a string" + (type == UUID.class ? " holding a UUID" : "");
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String safeDetail(WebApplicationException e, String fallback) {
        // Framework messages (e.g. "HTTP 404 Not Found") are safe; they never carry request data.
        String message = e.getMessage();
        return message == null || message.isBlank() ? fallback : message;
    }

    private static Response respond(Problem problem, HttpServerRequest request) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(request.path()))
                .build();
    }
}
