package io.connectors.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.events.EventEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

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
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("Event " + event.type() + " is not serializable", e));
        }
        return session.persist(new OutboxRecord(UUID.fromString(event.id()), event.orgId(), topic, key, payload));
    }

    /** A tombstone: deletes {@code key} from a compacted topic. */
    public Uni<Void> appendTombstone(Mutiny.Session session, String topic, String key, String orgId) {
        return session.persist(new OutboxRecord(UUID.randomUUID(), orgId, topic, key, null));
    }
}
