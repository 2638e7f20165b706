package io.connectors.audit.ingest;

import io.connectors.audit.trail.ChainRecord;

/** What the consumer makes of one Kafka record: a record to chain, or poison with the reason it cannot be stored. */
sealed interface ParsedRecord {

    record Accepted(ChainRecord record) implements ParsedRecord {
    }

    record Poison(String reason) implements ParsedRecord {
    }
}
