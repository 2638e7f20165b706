package io.connectors.audit.trail;

/**
 * An org's chain head together with the first record stored past it, read in one statement (one snapshot): appends
 * move the head in the same transaction as their records, so a record past the head was not written by the service.
 */
public record HeadSnapshot(ChainHead head, Long beyondSeq, String beyondEventId) {
}
