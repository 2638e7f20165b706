package io.connectors.execution.approval;

import io.connectors.execution.support.Ids;
import io.connectors.platform.audit.AuditTrail;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.outbox.Outbox;
import io.connectors.platform.security.Roles;
import io.connectors.platform.tenancy.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The audit record of an approval event this service refused to act on (unsigned, wrongly signed, altered): written
 * through the outbox into the trail of the org the event names, when that org has the execution it names, so the
 * refusal sits beside the execution it tried to move. An event naming nothing of its org is only logged (and kept on
 * the dead-letter topic): a sender's made-up org ids do not get trails. Details are what this service knows: the
 * reason, the ids the event claims when they are well-formed, never params or other free text of the sender.
 */
@ApplicationScoped
public class ApprovalRefusals {

    private static final Logger LOG = Logger.getLogger(ApprovalRefusals.class);
    private static final String SERVICE = "execution-service";
    private static final AuditRecord.Actor ACTOR = new AuditRecord.Actor(AuditRecord.Actor.SERVICE, SERVICE, SERVICE,
            List.of(Roles.SERVICE), null);

    private final TenantSql sql;
    private final Outbox outbox;
    private final AuditTrail audit;

    public ApprovalRefusals(TenantSql sql, Outbox outbox, AuditTrail audit) {
        this.sql = sql;
        this.outbox = outbox;
        this.audit = audit;
    }

    Uni<Void> record(EventEnvelope<ApprovalEvent> event, UUID executionId, String reason, String keyId) {
        ApprovalEvent approval = event.data();
        return sql.inOrg(approval.orgId(), connection -> connection
                .preparedQuery("select connector_id, decision_id, status from executions where id = $1 and org_id = $2")
                .execute(Tuple.of(executionId, approval.orgId()))
                .chain(rows -> {
                    RowIterator<Row> found = rows.iterator();
                    if (!found.hasNext()) {
                        LOG.warnf("Approval event %s refused (%s); it names no execution of its org", safeId(event.id()), reason);
                        return Uni.createFrom().voidItem();
                    }
                    Row execution = found.next();
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("reason", reason);
                    details.put("approval_status", approval.status().name().toLowerCase(Locale.ROOT));
                    putIfId(details, "approval_id", approval.approvalId());
                    putIfId(details, "event_id", event.id());
                    if (keyId != null) {
                        details.put("key_id", keyId);
                    }
                    details.put("execution_status", execution.getString("status"));
                    EventEnvelope<AuditRecord> record = audit.envelope(approval.orgId(), ACTOR, AuditActions.APPROVAL_REFUSED,
                            new AuditRecord.Target("execution", executionId.toString(), execution.getString("connector_id")),
                            AuditRecord.Outcome.DENIED, details, execution.getString("decision_id"));
                    return outbox.append(connection, List.of(audit.outboxEvent(record)));
                }));
    }

    private static void putIfId(Map<String, Object> details, String name, String value) {
        if (Ids.uuidOrNull(value) != null) {
            details.put(name, value);
        }
    }

    /** An event id as logged: the sender's string only when it is a UUID. */
    static String safeId(String id) {
        return Ids.uuidOrNull(id) == null ? "(not a UUID)" : id;
    }
}
