package io.connectors.audit.verify;

import io.connectors.audit.trail.ChainHasher;
import io.connectors.audit.trail.ChainRecord;

import java.util.List;

/**
 * Recomputes a chain page by page, in seq order, and stops at the first broken record. Per record, in this order:
 * its seq follows the previous one, its prev_hash is the previous record's hash, and its hash is the hash of its
 * canonical form.
 */
final class ChainWalk {

    private final ChainHasher hasher = new ChainHasher();
    private long lastSeq;
    private String lastHash = ChainRecord.GENESIS;
    private long checked;
    private BrokenRecord broken;

    /** Checks the next page of records; after a broken record, further pages are ignored. */
    void check(List<ChainRecord> page) {
        for (ChainRecord record : page) {
            if (broken != null) {
                return;
            }
            checked++;
            if (record.seq() != lastSeq + 1) {
                broken = new BrokenRecord(record.seq(), record.eventId(), BrokenRecord.SEQUENCE_GAP);
            } else if (!lastHash.equals(record.prevHash())) {
                broken = new BrokenRecord(record.seq(), record.eventId(), BrokenRecord.PREV_HASH_MISMATCH);
            } else if (!hasher.hash(record).equals(record.hash())) {
                broken = new BrokenRecord(record.seq(), record.eventId(), BrokenRecord.HASH_MISMATCH);
            }
            lastSeq = record.seq();
            lastHash = record.hash();
        }
    }

    boolean isBroken() {
        return broken != null;
    }

    BrokenRecord broken() {
        return broken;
    }

    /** The seq of the last record checked (0 before any). */
    long lastSeq() {
        return lastSeq;
    }

    long checked() {
        return checked;
    }
}
