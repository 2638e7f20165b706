package io.connectors.policy.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An approval request and its lifecycle. Internal to the service. */
@Entity
@Table(name = "approvals")
public class ApprovalEntity {

    static final String PENDING = "pending";
    static final String GRANTED = "granted";
    static final String REJECTED = "rejected";
    static final String EXPIRED = "expired";
    static final String CANCELLED = "cancelled";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Id
    UUID id;

    @Column(name = "org_id", updatable = false)
    String orgId;

    String status;

    @Column(name = "execution_id", updatable = false)
    UUID executionId;

    @Column(name = "decision_id", updatable = false)
    UUID decisionId;

    @Column(name = "connector_id", updatable = false)
    UUID connectorId;

    @Column(name = "connector_type", updatable = false)
    String connectorType;

    @Column(updatable = false)
    String operation;

    @Column(name = "operation_class", updatable = false)
    String operationClass;

    /** Canonical JSON of the params the approval is bound to. */
    @Column(updatable = false)
    String params;

    @Column(name = "params_hash", updatable = false)
    String paramsHash;

    @Column(name = "risk_score", updatable = false)
    int riskScore;

    /** JSON array of the decision's reasons. */
    @Column(updatable = false)
    String reasons;

    @Column(name = "requested_by", updatable = false)
    String requestedBy;

    @Column(name = "requested_by_name", updatable = false)
    String requestedByName;

    @Column(name = "decided_by")
    String decidedBy;

    @Column(name = "decided_by_name")
    String decidedByName;

    @Column(name = "decision_reason")
    String decisionReason;

    @Column(name = "created_at", updatable = false)
    Instant createdAt;

    @Column(name = "expires_at", updatable = false)
    Instant expiresAt;

    @Column(name = "decided_at")
    Instant decidedAt;

    @Column(name = "consumed_at")
    Instant consumedAt;

    /** The params the approval is bound to, as JSON. */
    JsonNode paramsJson() {
        try {
            return JSON.readTree(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored params of approval " + id + " are unreadable", e);
        }
    }

    boolean overdue(Instant now) {
        return PENDING.equals(status) && !expiresAt.isAfter(now);
    }

    /** The status a reader sees: a pending approval past its deadline is expired even before the job marks it. */
    String effectiveStatus(Instant now) {
        return overdue(now) ? EXPIRED : status;
    }

    /** Whether this approval covers exactly this connector, operation and params. */
    boolean binds(UUID connector, String operationName, String hash) {
        return connectorId.equals(connector) && operation.equals(operationName) && paramsHash.equals(hash);
    }
}
