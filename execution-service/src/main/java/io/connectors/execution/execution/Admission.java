package io.connectors.execution.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.execution.connector.Connector;
import io.connectors.execution.runner.ExecutionError;
import io.connectors.execution.runner.Fault;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.types.ConnectorCatalog;
import io.connectors.types.OperationDefinition;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * The one admission check of every path that may run an operation (the execute API, an async or approved execution
 * released later), in the seed's order: connector known (404), enabled (409), operation permitted (403), known to the
 * type (400), credentials present (400), params valid against the operation's schema (400). Each path maps the typed
 * refusal its own way: the API to problem+json, a released execution to its terminal status.
 */
@ApplicationScoped
class Admission {

    enum Reason { UNKNOWN_CONNECTOR, DISABLED, NOT_PERMITTED, UNKNOWN_OPERATION, NO_CREDENTIALS, INVALID_PARAMS }

    /** Why an operation may not run now; {@code errors} name the params at fault. */
    record Refusal(Reason reason, String message, List<FieldError> errors) {

        /** For the execute API; null stands for the 404 the resource answers. */
        ApiException toProblem() {
            return switch (reason) {
                case UNKNOWN_CONNECTOR -> null;
                case DISABLED -> ApiException.conflict(message);
                case NOT_PERMITTED -> ApiException.forbidden(message);
                case UNKNOWN_OPERATION -> ApiException.badRequest("operation", message);
                case NO_CREDENTIALS -> ApiException.badRequest("credentials", message);
                case INVALID_PARAMS -> ApiException.badRequest(message, errors);
            };
        }

        /** For an execution accepted earlier: the connector may have changed since. */
        ExecutionStatus terminalStatus() {
            return switch (reason) {
                case UNKNOWN_CONNECTOR -> ExecutionStatus.CANCELLED;
                case NOT_PERMITTED, UNKNOWN_OPERATION -> ExecutionStatus.DENIED;
                case DISABLED, NO_CREDENTIALS, INVALID_PARAMS -> ExecutionStatus.ERROR;
            };
        }

        ExecutionError toError() {
            return switch (reason) {
                case UNKNOWN_CONNECTOR -> ExecutionError.of(Fault.CONFIGURATION, "The connector was deleted", false);
                case DISABLED, NO_CREDENTIALS -> ExecutionError.of(Fault.CONFIGURATION, message, false);
                case NOT_PERMITTED, UNKNOWN_OPERATION -> ExecutionError.of(Fault.BLOCKED,
                        "The operation is no longer permitted for this connector", false);
                case INVALID_PARAMS -> ExecutionError.of(Fault.CALLER, "The params are no longer valid for this connector", false);
            };
        }
    }

    /** Either the operation's definition (admitted) or why not. */
    record Verdict(OperationDefinition operation, Refusal refusal) {
    }

    private final ConnectorCatalog catalog;

    Admission(ConnectorCatalog catalog) {
        this.catalog = catalog;
    }

    Verdict check(Connector connector, String operationName, JsonNode params) {
        if (connector == null) {
            return refused(Reason.UNKNOWN_CONNECTOR, "No such connector configuration", List.of());
        }
        if (!connector.enabled()) {
            return refused(Reason.DISABLED, "The connector is disabled", List.of());
        }
        if (!connector.permits(operationName)) {
            return refused(Reason.NOT_PERMITTED, "The operation is not in the connector's permitted_operations", List.of());
        }
        Optional<OperationDefinition> operation = catalog.version(connector.type(), connector.majorVersion())
                .flatMap(type -> type.operation(operationName));
        if (operation.isEmpty()) {
            return refused(Reason.UNKNOWN_OPERATION, "unknown operation for connector type " + connector.type(), List.of());
        }
        if (!connector.hasCredentials()) {
            return refused(Reason.NO_CREDENTIALS, "No credentials are configured for this connector", List.of());
        }
        List<FieldError> errors = catalog.validateParams(connector.type(), connector.majorVersion(), operationName, params);
        if (!errors.isEmpty()) {
            return refused(Reason.INVALID_PARAMS, "The params are invalid for " + operationName, errors);
        }
        return new Verdict(operation.get(), null);
    }

    private static Verdict refused(Reason reason, String message, List<FieldError> errors) {
        return new Verdict(null, new Refusal(reason, message, List.copyOf(errors)));
    }
}
