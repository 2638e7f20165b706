package io.connectors.policy.approval;

import io.connectors.platform.audit.AuditTrail;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.outbox.Outbox;
import io.connectors.policy.support.Redaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Publishes every approval transition on {@code connectors.approvals.v1} and audits it, both through the outbox of
 * the transaction that made the transition: the event exists exactly when the transition committed. Events are
 * signed ({@link ApprovalSigner}) before they enter the outbox, so what Kafka carries is what was signed.
 */
@ApplicationScoped
public class ApprovalJournal {

    static final String SOURCE = "/policy-service";
    /** The actor of transitions the service makes on its own (expiry, cancellation). */
    static final AuditRecord.Actor SYSTEM = new AuditRecord.Actor(AuditRecord.Actor.SERVICE, "policy-service",
            "policy-service", List.of(), null);

    private final Outbox outbox;
    private final AuditTrail auditTrail;
    private final ApprovalSigner signer;

    public ApprovalJournal(Outbox outbox, AuditTrail auditTrail, ApprovalSigner signer) {
        this.outbox = outbox;
        this.auditTrail = auditTrail;
        this.signer = signer;
    }

    Uni<Void> record(Mutiny.Session session, ApprovalEntity approval, ApprovalEvent.Status status,
                     AuditRecord.Actor actor, String reason) {
        String id = approval.id.toString();
        ApprovalEvent event = new ApprovalEvent(id, approval.orgId, status, approval.executionId.toString(),
                approval.decisionId.toString(), approval.connectorId.toString(), approval.operation,
                approval.paramsJson(), approval.paramsHash, approval.requestedBy, approval.decidedBy,
                reason, approval.expiresAt, Instant.now());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", status.name().toLowerCase(Locale.ROOT));
        details.put("execution_id", event.executionId());
        details.put("operation", approval.operation);
        details.put("operation_class", approval.operationClass);
        details.put("connector_type", approval.connectorType);
        details.put("params", Redaction.params(event.params()));
        details.put("params_hash", approval.paramsHash);
        details.put("risk_score", approval.riskScore);
        details.put("requested_by", approval.requestedBy);
        details.put("expires_at", approval.expiresAt.toString());
        if (reason != null) {
            details.put("reason", reason);
        }
        return Uni.createFrom().item(() -> signer.sign(EventEnvelope.of(SOURCE, EventTypes.APPROVAL, id, approval.orgId, event)))
                .chain(signed -> outbox.append(session, Topics.APPROVALS, id, signed))
                .chain(() -> auditTrail.record(session, approval.orgId, actor, action(status),
                        new AuditRecord.Target("approval", id, approval.connectorId.toString()), outcome(status),
                        details, approval.decisionId.toString()))
                .replaceWithVoid();
    }

    private static String action(ApprovalEvent.Status status) {
        return switch (status) {
            case REQUESTED -> AuditActions.APPROVAL_REQUESTED;
            case GRANTED -> AuditActions.APPROVAL_GRANTED;
            case REJECTED -> AuditActions.APPROVAL_REJECTED;
            case EXPIRED -> AuditActions.APPROVAL_EXPIRED;
            case CANCELLED -> AuditActions.APPROVAL_CANCELLED;
        };
    }

    private static AuditRecord.Outcome outcome(ApprovalEvent.Status status) {
        return switch (status) {
            case REQUESTED -> AuditRecord.Outcome.PENDING;
            case REJECTED -> AuditRecord.Outcome.DENIED;
            case GRANTED, EXPIRED, CANCELLED -> AuditRecord.Outcome.SUCCESS;
        };
    }
}
