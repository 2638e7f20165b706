package io.connectors.audit.trail;

import java.time.Instant;

/**
 * An org's chain head together with the first record stored past it, read in one statement (one snapshot): appends
 * move the head in the same transaction as their records, so a record past the head was not written by the service.
 * {@code chainedAt} is when the head last moved and {@code headTime} the creation time of the record at the head (both
 * null without one): how far the trail is behind its producers.
 */
public record HeadSnapshot(ChainHead head, Long beyondSeq, String beyondEventId, Instant chainedAt, Instant headTime) {
}
