package io.connectors.audit.trail;

/** What a stored checkpoint says about one record: the record at {@code seq} has {@code hash}. */
public record PinnedHash(long seq, String hash) {
}
