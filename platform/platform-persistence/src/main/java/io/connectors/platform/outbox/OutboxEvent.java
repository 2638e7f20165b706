package io.connectors.platform.outbox;

import java.util.UUID;

/**
 * One event bound for the outbox of the current transaction: its topic and record key, and the CloudEvent already
 * serialized (null payload = tombstone). Built by {@link Outbox#event}, or directly for an envelope another
 * service built and handed over (policy-service's decision record, committed with the execution it decided).
 */
public record OutboxEvent(UUID eventId, String orgId, String topic, String key, String payload) {
}
