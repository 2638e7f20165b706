package io.connectors.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.UUID;

/**
 * Writes events into the outbox inside the caller's transaction: the event exists if and only if the change
 * committed. {@link OutboxRelay} delivers them to Kafka, so a Kafka outage delays events but never loses them.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper mapper;

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Uni<Void> append(Mutiny.Session session, String topic, String key, EventEnvelope<?> event) {
        OutboxEvent row;
        try {
            row = event(topic, key, event);
        } catch (IllegalStateException e) {
            return Uni.createFrom().failure(e);
        }
        return session.persist(new OutboxRecord(row.eventId(), row.orgId(), topic, key, row.payload()));
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
                .replaceWithVoid();
    }

    /** A tombstone: deletes {@code key} from a compacted topic. */
    public Uni<Void> appendTombstone(Mutiny.Session session, String topic, String key, String orgId) {
        return session.persist(new OutboxRecord(UUID.randomUUID(), orgId, topic, key, null));
    }
}
