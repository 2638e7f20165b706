package io.connectors.policy.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.error.FieldError;
import io.connectors.policy.engine.Reason;
import io.connectors.policy.web.JsonFields;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** An approval request as approvers see it: what exactly would run, why it was escalated, and its lifecycle. */
public record ApprovalDto(
        String id,
        String status,
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("decision_id") String decisionId,
        @JsonProperty("connector_id") String connectorId,
        @JsonProperty("connector_type") String connectorType,
        String operation,
        @JsonProperty("operation_class") String operationClass,
        JsonNode params,
        @JsonProperty("params_hash") String paramsHash,
        @JsonProperty("risk_score") int riskScore,
        List<Reason> reasons,
        @JsonProperty("requested_by") Person requestedBy,
        @JsonProperty("decided_by") Person decidedBy,
        String reason,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("decided_at") Instant decidedAt) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {
    };

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Person(String subject, String username) {
    }

    static ApprovalDto of(ApprovalEntity approval, Instant now) {
        List<Reason> reasons;
        try {
            reasons = MAPPER.readValue(approval.reasons, REASONS);
        } catch (Exception e) {
            throw new IllegalStateException("Stored reasons of approval " + approval.id + " are unreadable", e);
        }
        return new ApprovalDto(approval.id.toString(), approval.effectiveStatus(now), approval.executionId.toString(),
                approval.decisionId.toString(), approval.connectorId.toString(), approval.connectorType,
                approval.operation, approval.operationClass, approval.paramsJson(), approval.paramsHash,
                approval.riskScore, reasons, new Person(approval.requestedBy, approval.requestedByName),
                approval.decidedBy == null ? null : new Person(approval.decidedBy, approval.decidedByName),
                approval.decisionReason, approval.createdAt, approval.expiresAt, approval.decidedAt);
    }

    /** A page of approvals. */
    public record Page(List<ApprovalDto> approvals, long total, int page, @JsonProperty("page_size") int pageSize,
                       @JsonProperty("total_pages") int totalPages) {
    }

    /** The optional body of approve and reject. */
    public record DecisionBody(String reason) {

        /** The body's fields, typed and known ({@code reason: 0} is not "0", another field is not ignored). */
        static DecisionBody read(JsonNode body) {
            List<FieldError> errors = new ArrayList<>();
            JsonFields fields = JsonFields.body(body, errors);
            fields.rejectUnknown(Set.of("reason"));
            DecisionBody decision = new DecisionBody(fields.text("reason"));
            JsonFields.failOn(errors);
            return decision;
        }
    }
}
