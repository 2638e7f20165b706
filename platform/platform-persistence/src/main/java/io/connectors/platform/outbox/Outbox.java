package io.connectors.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;

/**
 * Writes events into the outbox inside the caller's transaction: the event exists if and only if the change
 * committed. {@link OutboxRelay} delivers them to Kafka, so a Kafka outage delays events but never loses them.
 *
 * <p>The relay is woken in-process once a transaction that appended rows has committed: on the SQL client, by the
 * transaction's completion; for Hibernate Reactive sessions, by {@code TenantSessions}, which opens every session
 * transaction and reports its end here. Not by a NOTIFY from the committing transaction: PostgreSQL serialises the
 * commits of notifying transactions behind one lock, WAL flush included, which cut durable commits 3-4x
 * (BENCHMARKS.md, "Session 6 of issue 12").
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper mapper;
    private final OutboxRelay relay;
    /** Sessions whose open transaction appended rows; weak, so a session closed without a report is not kept. */
    private final Map<Mutiny.Session, Boolean> appendingSessions = Collections.synchronizedMap(new WeakHashMap<>());

    public Outbox(ObjectMapper mapper, OutboxRelay relay) {
        this.mapper = mapper;
        this.relay = relay;
    }

    public Uni<Void> append(Mutiny.Session session, String topic, String key, EventEnvelope<?> event) {
        OutboxEvent row;
        try {
            row = event(topic, key, event);
        } catch (IllegalStateException e) {
            return Uni.createFrom().failure(e);
        }
        appendingSessions.put(session, Boolean.TRUE);
        return session.persist(new OutboxRecord(row.eventId(), row.orgId(), topic, key, row.payload()));
    }

    /**
     * Told by {@code TenantSessions} that {@code session}'s transaction ended; wakes the relay if it committed rows.
     */
    public void transactionEnded(Mutiny.Session session, boolean committed) {
        if (appendingSessions.remove(session) != null && committed) {
            relay.wake();
        }
    }

    /** The outbox row of an event, serialized once. */
    public OutboxEvent event(String topic, String key, EventEnvelope<?> event) {
        try {
            return new OutboxEvent(UUID.fromString(event.id()), event.orgId(), topic, key, mapper.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + event.type() + " is not serializable", e);
        }
    }

    /** Writes events in the SQL client's current transaction, in one round trip, in list order (commit order). */
    public Uni<Void> append(SqlConnection connection, List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = events.stream()
                .map(event -> Tuple.of(event.eventId(), event.orgId(), event.topic(), event.key(), event.payload()))
                .toList();
        return connection.preparedQuery("insert into outbox (event_id, org_id, topic, record_key, payload)"
                        + " values ($1, $2, $3, $4, $5)")
                .executeBatch(rows)
                .invoke(() -> wakeRelayOnCommit(connection))
                .replaceWithVoid();
    }

    /** Outside a transaction the rows are committed already; inside one, the relay is woken once it commits. */
    private void wakeRelayOnCommit(SqlConnection connection) {
        Transaction transaction = connection.transaction();
        if (transaction == null) {
            relay.wake();
        } else {
            transaction.completion().subscribe().with(committed -> relay.wake(), rolledBack -> { });
        }
    }

    /** A tombstone: deletes {@code key} from a compacted topic. */
    public Uni<Void> appendTombstone(Mutiny.Session session, String topic, String key, String orgId) {
        appendingSessions.put(session, Boolean.TRUE);
        return session.persist(new OutboxRecord(UUID.randomUUID(), orgId, topic, key, null));
    }
}
