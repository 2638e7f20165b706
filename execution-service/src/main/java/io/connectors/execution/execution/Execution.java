package io.connectors.execution.execution;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One execution row. Internal to the service: the API sees {@link ExecutionView}. Every change goes through a method
 * of this class (Hibernate's dirty tracking sees only the entity's own writes).
 */
@Entity
@Table(name = "executions")
public class Execution {

    @Id
    UUID id;

    @Column(name = "org_id", nullable = false, updatable = false)
    String orgId;

    @Column(name = "connector_id", nullable = false, updatable = false)
    String connectorId;

    @Column(name = "connector_type", nullable = false, updatable = false)
    String connectorType;

    @Column(nullable = false, updatable = false)
    String operation;

    @Column(nullable = false, updatable = false)
    String params;

    @Column(name = "params_hash", nullable = false, updatable = false)
    String paramsHash;

    @Column(nullable = false, updatable = false)
    String mode;

    @Column(nullable = false)
    String status;

    String result;

    String error;

    @Column(name = "decision_id")
    String decisionId;

    @Column(name = "risk_score")
    Integer riskScore;

    @Column(name = "approval_id")
    String approvalId;

    @Column(name = "approval_expires_at")
    Instant approvalExpiresAt;

    @Column(name = "approved_by")
    String approvedBy;

    @Column(name = "requested_by", nullable = false, updatable = false)
    String requestedBy;

    @Column(name = "requested_by_name", updatable = false)
    String requestedByName;

    @Column(name = "requested_by_roles", nullable = false, updatable = false)
    String requestedByRoles;

    @Column(name = "idempotency_key", updatable = false)
    String idempotencyKey;

    @Column(name = "request_hash", updatable = false)
    String requestHash;

    /** The execute API's answer (JSON), kept for Idempotency-Key replays. */
    String response;

    @Column(name = "response_status")
    Integer responseStatus;

    int attempts;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    protected Execution() {
    }

    Execution(UUID id, String orgId, String connectorId, String connectorType, String operation, String params,
              String paramsHash, String mode, String requestedBy, String requestedByName, String requestedByRoles,
              String idempotencyKey, String requestHash, Instant now) {
        this.id = id;
        this.orgId = orgId;
        this.connectorId = connectorId;
        this.connectorType = connectorType;
        this.operation = operation;
        this.params = params;
        this.paramsHash = paramsHash;
        this.mode = mode;
        this.status = ExecutionStatus.RECEIVED.value();
        this.requestedBy = requestedBy;
        this.requestedByName = requestedByName;
        this.requestedByRoles = requestedByRoles;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.createdAt = now;
        this.updatedAt = now;
    }

    ExecutionStatus status() {
        return ExecutionStatus.of(status);
    }

    void decided(String decisionId, Integer riskScore, String approvalId, Instant approvalExpiresAt) {
        this.decisionId = decisionId;
        this.riskScore = riskScore;
        this.approvalId = approvalId;
        this.approvalExpiresAt = approvalExpiresAt;
    }

    void moveTo(ExecutionStatus next, Instant at) {
        status = next.value();
        updatedAt = at;
        if (next.isFinal()) {
            finishedAt = at;
        }
    }

    void succeeded(String resultJson, int attemptCount, Instant at) {
        result = resultJson;
        attempts = attemptCount;
        moveTo(ExecutionStatus.SUCCESS, at);
    }

    void ended(ExecutionStatus finalStatus, String errorJson, int attemptCount, Instant at) {
        error = errorJson;
        attempts = attemptCount;
        moveTo(finalStatus, at);
    }

    void approved(String decidedBy, Instant at) {
        approvedBy = decidedBy;
        moveTo(ExecutionStatus.APPROVED, at);
    }

    void answered(int httpStatus, String responseJson) {
        responseStatus = httpStatus;
        response = responseJson;
    }
}
