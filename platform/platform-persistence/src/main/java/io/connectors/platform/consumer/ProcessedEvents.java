package io.connectors.platform.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
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

    /** The same, in a transaction of the reactive SQL client ({@code TenantSql}). */
    public Uni<Boolean> firstDelivery(SqlConnection connection, String consumer, String eventId) {
        return connection.preparedQuery("insert into processed_events (consumer, event_id) values ($1, $2)"
                        + " on conflict do nothing")
                .execute(Tuple.of(consumer, eventId))
                .map(rows -> rows.rowCount() == 1);
    }
}
