package io.connectors.execution.execution;

import jakarta.enterprise.context.ApplicationScoped;

/** Maps executions to what the API shows. */
@ApplicationScoped
public class ExecutionViews {

    ExecuteResponse response(Execution execution) {
        ExecutionStatus status = execution.status();
        return new ExecuteResponse(status.value(), status == ExecutionStatus.SUCCESS ? execution.result : null,
                status == ExecutionStatus.PENDING_APPROVAL ? execution.approvalId : null,
                status == ExecutionStatus.PENDING_APPROVAL ? execution.approvalExpiresAt : null,
                execution.error, execution.id.toString(), execution.decisionId);
    }

    ExecutionView view(Execution execution) {
        return new ExecutionView(execution.id.toString(), execution.connectorId, execution.connectorType,
                execution.operation, execution.mode, execution.status.value(), execution.params, execution.result,
                execution.error, execution.decisionId, execution.riskScore, execution.approvalId,
                execution.approvalExpiresAt, execution.approvedBy,
                new ExecutionView.Requester(execution.requestedBy, execution.requestedByName), execution.attempts,
                execution.createdAt, execution.updatedAt, execution.finishedAt);
    }
}
