package io.connectors.platform.error;

import java.util.List;

/**
 * A refusal the client can act on (400, 403, 409, 412, 413, ...). Rendered as problem+json by {@link ProblemMapper}.
 * Stack traces are not captured: these are expected outcomes, not bugs.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ApiException(int status, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ApiException badRequest(String detail, List<FieldError> errors) {
        return new ApiException(400, "Bad Request", detail, errors);
    }

    public static ApiException badRequest(String field, String message) {
        return badRequest(message, List.of(new FieldError(field, message)));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail, List.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not Found", detail, List.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail, List.of());
    }

    public static ApiException preconditionFailed(String detail) {
        return new ApiException(412, "Precondition Failed", detail, List.of());
    }

    public int status() {
        return status;
    }

    public Problem toProblem() {
        return Problem.of(status, title, getMessage()).withErrors(errors);
    }
}
