package io.connectors.platform.audit;

import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.outbox.Outbox;
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
        AuditRecord record = new AuditRecord(action, actor, target, outcome, details == null ? Map.of() : details,
                decisionId, null, sourceService);
        EventEnvelope<AuditRecord> event = EventEnvelope.of("/" + sourceService, EventTypes.AUDIT_RECORD,
                target == null ? null : target.id(), orgId, record);
        return outbox.append(session, Topics.AUDIT, orgId, event).replaceWith(event);
    }

    /** The actor of a record made for a verified caller: stable identifiers and roles, never the token. */
    public static AuditRecord.Actor actorOf(Caller caller) {
        return new AuditRecord.Actor(caller.service() ? AuditRecord.Actor.SERVICE : AuditRecord.Actor.USER,
                caller.subject(), caller.username(), List.copyOf(new java.util.TreeSet<>(caller.roles())), null);
    }
}
