package io.connectors.execution.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.runner.ExecutionError;
import io.connectors.execution.support.Json;
import jakarta.enterprise.context.ApplicationScoped;

/** Maps execution rows to what the API shows. */
@ApplicationScoped
public class ExecutionViews {

    private final ObjectMapper mapper;

    public ExecutionViews(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ExecuteResponse response(Execution execution) {
        ExecutionStatus status = execution.status();
        return new ExecuteResponse(status.value(),
                status == ExecutionStatus.SUCCESS ? Json.read(mapper, execution.result) : null,
                status == ExecutionStatus.PENDING_APPROVAL ? execution.approvalId : null,
                status == ExecutionStatus.PENDING_APPROVAL ? execution.approvalExpiresAt : null,
                Json.read(mapper, execution.error, ExecutionError.class),
                execution.id.toString(), execution.decisionId);
    }

    ExecutionView view(Execution execution) {
        return new ExecutionView(execution.id.toString(), execution.connectorId, execution.connectorType,
                execution.operation, execution.mode, execution.status, Json.read(mapper, execution.params),
                Json.read(mapper, execution.result), Json.read(mapper, execution.error, ExecutionError.class),
                execution.decisionId, execution.riskScore, execution.approvalId, execution.approvalExpiresAt,
                execution.approvedBy, new ExecutionView.Requester(execution.requestedBy, execution.requestedByName),
                execution.attempts, execution.createdAt, execution.updatedAt, execution.finishedAt);
    }

    String json(Object value) {
        return Json.write(mapper, value);
    }
}
