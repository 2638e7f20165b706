package io.connectors.config.connector;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.vertx.pgclient.PgException;
import org.hibernate.exception.ConstraintViolationException;

import java.util.List;

/**
 * Two writers can pass the same pre-check at once; the unique index decides, and its violation becomes the same 409
 * the pre-check would have given.
 */
final class UniqueViolations {

    static final String NAME_PER_ORG = "connectors_name_per_org";
    static final String IDEMPOTENCY_KEY = "idempotency_keys_pkey";

    private UniqueViolations() {
    }

    static Throwable toConflict(Throwable failure) {
        String constraint = violatedConstraint(failure);
        if (NAME_PER_ORG.equals(constraint)) {
            return nameTaken();
        }
        if (IDEMPOTENCY_KEY.equals(constraint)) {
            return new ApiException(409, "Conflict", "Another request with this Idempotency-Key is being processed;"
                    + " retry to get its response", List.of(new FieldError("Idempotency-Key", "in use by a concurrent request")));
        }
        return failure;
    }

    static ApiException nameTaken() {
        return new ApiException(409, "Conflict", "A connector with this name already exists in the organization",
                List.of(new FieldError(ConnectorRequests.NAME, "already used by another connector of the organization")));
    }

    private static String violatedConstraint(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return pg.getConstraint();
            }
            if (cause instanceof ConstraintViolationException violation && violation.getConstraintName() != null) {
                return violation.getConstraintName();
            }
        }
        return null;
    }
}
