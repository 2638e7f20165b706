package io.connectors.platform.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One event waiting in the outbox (or relayed, until it is cleaned up). Internal to the service. */
@Entity
@Table(name = "outbox")
public class OutboxRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long seq;

    @Column(name = "event_id", nullable = false, updatable = false)
    UUID eventId;

    @Column(name = "org_id", nullable = false, updatable = false)
    String orgId;

    @Column(nullable = false, updatable = false)
    String topic;

    @Column(name = "record_key", nullable = false, updatable = false)
    String recordKey;

    /** The CloudEvent as JSON; null for a tombstone. */
    @Column(updatable = false)
    String payload;

    @Column(name = "created_at", nullable = false, updatable = false)
    Instant createdAt;

    @Column(name = "published_at")
    Instant publishedAt;

    protected OutboxRecord() {
    }

    OutboxRecord(UUID eventId, String orgId, String topic, String recordKey, String payload) {
        this.eventId = eventId;
        this.orgId = orgId;
        this.topic = topic;
        this.recordKey = recordKey;
        this.payload = payload;
        this.createdAt = Instant.now();
    }
}
