package io.connectors.platform.audit;

import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.outbox.Outbox;
import io.connectors.platform.outbox.OutboxEvent;
import io.connectors.platform.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.Map;

/**
 * Writes an audit record into the outbox of the current transaction, so the record exists exactly when the audited
 * change committed (fail closed: no record, no change). Records are keyed by org on {@code connectors.audit.v1}, so
 * each org's trail stays in order. Callers pass {@code details} already redacted.
 */
@ApplicationScoped
public class AuditTrail {

    private final Outbox outbox;
    private final String sourceService;

    public AuditTrail(Outbox outbox, @ConfigProperty(name = "quarkus.application.name") String sourceService) {
        this.outbox = outbox;
        this.sourceService = sourceService;
    }

    public Uni<EventEnvelope<AuditRecord>> record(Mutiny.Session session, String orgId, AuditRecord.Actor actor,
                                                  String action, AuditRecord.Target target, AuditRecord.Outcome outcome,
                                                  Map<String, Object> details, String decisionId) {
        EventEnvelope<AuditRecord> event = envelope(orgId, actor, action, target, outcome, details, decisionId);
        return outbox.append(session, Topics.AUDIT, orgId, event).replaceWith(event);
    }

    /** The audit event this service writes for a change, not yet written anywhere. */
    public EventEnvelope<AuditRecord> envelope(String orgId, AuditRecord.Actor actor, String action,
                                               AuditRecord.Target target, AuditRecord.Outcome outcome,
                                               Map<String, Object> details, String decisionId) {
        AuditRecord record = new AuditRecord(action, actor, target, outcome, details == null ? Map.of() : details,
                decisionId, null, sourceService);
        return EventEnvelope.of("/" + sourceService, EventTypes.AUDIT_RECORD, target == null ? null : target.id(),
                orgId, record);
    }

    /** The outbox row of an audit event (topic connectors.audit.v1, keyed by org so each org's trail stays in order). */
    public OutboxEvent outboxEvent(EventEnvelope<AuditRecord> event) {
        return outbox.event(Topics.AUDIT, event.orgId(), event);
    }

    /** The actor of a record made for a verified caller: stable identifiers and roles, never the token. */
    public static AuditRecord.Actor actorOf(Caller caller) {
        return new AuditRecord.Actor(caller.service() ? AuditRecord.Actor.SERVICE : AuditRecord.Actor.USER,
                caller.subject(), caller.username(), List.copyOf(new java.util.TreeSet<>(caller.roles())), null);
    }
}
