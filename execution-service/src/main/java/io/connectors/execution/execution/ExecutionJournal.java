package io.connectors.execution.execution;

import io.connectors.execution.runner.ExecutionError;
import io.connectors.platform.audit.AuditTrail;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.events.v1.ExecutionRequest;
import io.connectors.platform.events.v1.ExecutionResult;
import io.connectors.platform.outbox.Outbox;
import io.connectors.platform.outbox.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an execution's transition tells the rest of the suite, as outbox rows for the transaction that makes it: the
 * audit record (fail closed: no record, no transition) and, for the statuses consumers follow, an
 * {@link ExecutionResult} on {@code connectors.execution-results.v1}. Audit details are redacted: parameter names
 * only, never values, credentials or results.
 */
@ApplicationScoped
public class ExecutionJournal {

    private static final Set<ExecutionStatus> PUBLISHED = Set.of(ExecutionStatus.RUNNING, ExecutionStatus.SUCCESS,
            ExecutionStatus.PENDING_APPROVAL, ExecutionStatus.DENIED, ExecutionStatus.ERROR, ExecutionStatus.CANCELLED,
            ExecutionStatus.INTERRUPTED);

    private final AuditTrail audit;
    private final Outbox outbox;
    private final String source;

    public ExecutionJournal(AuditTrail audit, Outbox outbox,
                            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.audit = audit;
        this.outbox = outbox;
        this.source = "/" + applicationName;
    }

    /** The audit record of the execution's current status and, when published, its result event. */
    List<OutboxEvent> transition(Execution execution, AuditRecord.Actor actor) {
        ExecutionStatus status = execution.status();
        List<OutboxEvent> events = new ArrayList<>(2);
        events.add(audit.outboxEvent(audit.envelope(execution.orgId, actor, action(status),
                new AuditRecord.Target("execution", execution.id.toString(), execution.connectorId), outcome(status),
                details(execution), execution.decisionId)));
        if (PUBLISHED.contains(status)) {
            ExecutionResult result = new ExecutionResult(execution.id.toString(), execution.orgId, execution.connectorId,
                    execution.operation, status.value(), status == ExecutionStatus.SUCCESS ? execution.result : null,
                    execution.error == null ? null : execution.error.message(), execution.approvalId,
                    execution.decisionId, execution.finishedAt);
            events.add(outbox.event(Topics.EXECUTION_RESULTS, execution.id.toString(), EventEnvelope.of(source,
                    EventTypes.EXECUTION_RESULT, execution.id.toString(), execution.orgId, result)));
        }
        return events;
    }

    /** Puts the execution on {@code connectors.execution-requests.v1} (key: config id) for a consumer to run. */
    OutboxEvent release(Execution execution) {
        ExecutionRequest request = new ExecutionRequest(execution.id.toString(), execution.orgId, execution.connectorId,
                execution.operation, execution.params, execution.requestedBy, execution.approvalId,
                execution.decisionId, execution.updatedAt);
        return outbox.event(Topics.EXECUTION_REQUESTS, execution.connectorId, EventEnvelope.of(source,
                EventTypes.EXECUTION_REQUEST, execution.id.toString(), execution.orgId, request));
    }

    private static String action(ExecutionStatus status) {
        return switch (status) {
            case ERROR -> AuditActions.EXECUTION_FAILED;
            case DENIED -> AuditActions.EXECUTION_DENIED;
            case CANCELLED -> AuditActions.EXECUTION_CANCELLED;
            case INTERRUPTED -> AuditActions.EXECUTION_INTERRUPTED;
            default -> AuditActions.CONNECTOR_EXECUTED;
        };
    }

    private static AuditRecord.Outcome outcome(ExecutionStatus status) {
        return switch (status) {
            case SUCCESS -> AuditRecord.Outcome.SUCCESS;
            case ERROR, CANCELLED, INTERRUPTED -> AuditRecord.Outcome.FAILURE;
            case DENIED -> AuditRecord.Outcome.DENIED;
            default -> AuditRecord.Outcome.PENDING;
        };
    }

    private static Map<String, Object> details(Execution execution) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operation", execution.operation);
        details.put("connector_type", execution.connectorType);
        details.put("mode", execution.mode);
        details.put("status", execution.status.value());
        details.put("params", parameterNames(execution));
        if (execution.attempts > 0) {
            details.put("attempts", execution.attempts);
        }
        if (execution.riskScore != null) {
            details.put("risk_score", execution.riskScore);
        }
        if (execution.approvalId != null) {
            details.put("approval_id", execution.approvalId);
        }
        if (execution.approvedBy != null) {
            details.put("approved_by", execution.approvedBy);
        }
        ExecutionError error = execution.error;
        if (error != null) {
            details.put("fault", error.fault().json());
            details.put("retryable", error.retryable());
            details.put("reason", error.message());
        }
        return details;
    }

    /** The redacted form of params: their names, sorted; values may be anything the caller sent. */
    private static List<String> parameterNames(Execution execution) {
        List<String> names = new ArrayList<>();
        if (execution.params != null) {
            execution.params.fieldNames().forEachRemaining(names::add);
        }
        names.sort(null);
        return names;
    }
}
