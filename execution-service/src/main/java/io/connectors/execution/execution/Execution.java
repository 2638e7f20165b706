package io.connectors.execution.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.execution.runner.ExecutionError;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One execution, as {@link ExecutionStore} reads and writes its row. Internal to the service: the API sees
 * {@link ExecutionView}. JSON parts are kept parsed (params, result, error, the stored answer) and converted only at
 * the database boundary. State changes go through this class's methods.
 */
final class Execution {

    final UUID id;
    final String orgId;
    final String connectorId;
    final String connectorType;
    final String operation;
    final JsonNode params;
    final String paramsHash;
    final String mode;
    final String requestedBy;
    final String requestedByName;
    final List<String> requestedByRoles;
    final String idempotencyKey;
    final String requestHash;
    final Instant createdAt;

    ExecutionStatus status;
    JsonNode result;
    ExecutionError error;
    String decisionId;
    Integer riskScore;
    String approvalId;
    Instant approvalExpiresAt;
    String approvedBy;
    /** The execute API's answer, kept only for Idempotency-Key replays. */
    JsonNode response;
    Integer responseStatus;
    int attempts;
    Instant updatedAt;
    Instant finishedAt;

    Execution(UUID id, String orgId, String connectorId, String connectorType, String operation, JsonNode params,
              String paramsHash, String mode, String requestedBy, String requestedByName, List<String> requestedByRoles,
              String idempotencyKey, String requestHash, ExecutionStatus status, Instant createdAt) {
        this.id = id;
        this.orgId = orgId;
        this.connectorId = connectorId;
        this.connectorType = connectorType;
        this.operation = operation;
        this.params = params;
        this.paramsHash = paramsHash;
        this.mode = mode;
        this.requestedBy = requestedBy;
        this.requestedByName = requestedByName;
        this.requestedByRoles = List.copyOf(requestedByRoles);
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.status = status;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    ExecutionStatus status() {
        return status;
    }

    boolean async() {
        return ExecuteRequest.ASYNC.equals(mode);
    }

    void decided(String decision, Integer risk, String approval, Instant approvalExpiry) {
        this.decisionId = decision;
        this.riskScore = risk;
        this.approvalId = approval;
        this.approvalExpiresAt = approvalExpiry;
    }

    void moveTo(ExecutionStatus next, Instant at) {
        status = next;
        updatedAt = at;
        if (next.isFinal()) {
            finishedAt = at;
        }
    }

    void succeeded(JsonNode value, int attemptCount, Instant at) {
        result = value;
        attempts = attemptCount;
        moveTo(ExecutionStatus.SUCCESS, at);
    }

    void ended(ExecutionStatus finalStatus, ExecutionError why, int attemptCount, Instant at) {
        error = why;
        attempts = attemptCount;
        moveTo(finalStatus, at);
    }

    void approved(String decidedBy, Instant at) {
        approvedBy = decidedBy;
        moveTo(ExecutionStatus.APPROVED, at);
    }

    void answered(int httpStatus, JsonNode answer) {
        responseStatus = httpStatus;
        response = answer;
    }
}
