package io.connectors.platform.consumer;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Makes a Kafka consumer idempotent: call {@link #firstDelivery} inside the transaction that applies the event; a
 * redelivered event (same id) answers false and the transaction does nothing else.
 */
@ApplicationScoped
public class ProcessedEvents {

    public Uni<Boolean> firstDelivery(Mutiny.Session session, String consumer, String eventId) {
        return session.createNativeQuery("insert into processed_events (consumer, event_id) values (:consumer, :eventId)"
                        + " on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }
}
