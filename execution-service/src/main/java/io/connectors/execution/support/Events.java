package io.connectors.execution.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventType;
import io.smallrye.mutiny.Uni;

import java.io.IOException;
import java.time.Duration;

/** What every consumer of this service does with a record: parse it strictly, and retry only transient failures. */
public final class Events {

    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);
    private static final int RETRIES = 6;

    private Events() {
    }

    /** The envelope, or a {@link PoisonEvent}: wrong JSON, wrong event type, no data or no org. */
    public static <T> EventEnvelope<T> parse(ObjectMapper mapper, String value, EventType type,
                                             TypeReference<EventEnvelope<T>> shape) {
        if (value == null) {
            throw new PoisonEvent("no value");
        }
        EventEnvelope<T> event;
        try {
            event = mapper.readValue(value, shape);
        } catch (IOException e) {
            // The parser's message may quote the record: say only what kind of problem it is.
            throw new PoisonEvent("not a " + type.type() + " envelope: " + e.getClass().getSimpleName());
        }
        if (event == null || !type.type().equals(event.type()) || event.data() == null || event.id() == null
                || event.orgId() == null || event.orgId().isBlank()) {
            throw new PoisonEvent("not a " + type.type() + " event with id, orgid and data");
        }
        return event;
    }

    /**
     * Database or broker hiccups are retried with back-off before the record is given up to the dead-letter topic;
     * a poison record goes there at once.
     */
    public static <T> Uni<T> retryingTransient(Uni<T> work) {
        return work.onFailure(failure -> !(failure instanceof PoisonEvent))
                .retry().withBackOff(FIRST_RETRY, MAX_RETRY).atMost(RETRIES);
    }
}
