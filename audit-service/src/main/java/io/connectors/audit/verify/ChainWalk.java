package io.connectors.audit.verify;

import io.connectors.audit.trail.ChainHasher;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.trail.PinnedHash;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Recomputes a chain page by page, in seq order, and stops at the first broken record. Per record, in this order:
 * its seq follows the previous one, its prev_hash is the previous record's hash, and its hash is the hash of its
 * stored fields. Every checkpoint pinning a walked record is compared with it on the way; the first that no longer
 * matches is kept apart (the walk goes on: the chain itself may still be consistent).
 *
 * <p>A record's hash depends on its own stored fields only, so a page's hashes are computed first, split over
 * {@code threads} (the calling thread and {@code threads - 1} tasks on {@code executor}); the linkage checks that
 * follow are sequential and cheap.
 */
final class ChainWalk {

    /** Below this many records per thread, splitting a page costs more than it saves. */
    private static final int MIN_CHUNK = 256;
    private static final ThreadLocal<ChainHasher> HASHERS = ThreadLocal.withInitial(ChainHasher::new);

    private final Executor executor;
    private final int threads;
    private long lastSeq;
    private String lastHash = ChainRecord.GENESIS;
    private long checked;
    private long checkpointsChecked;
    private BrokenRecord broken;
    private BrokenRecord checkpointMismatch;

    ChainWalk(Executor executor, int threads) {
        this.executor = executor;
        this.threads = Math.max(1, threads);
    }

    /** Checks the next page and the checkpoints pinning its seqs (by seq); after a broken record, pages are ignored. */
    void check(List<ChainRecord> page, List<PinnedHash> pins) {
        if (broken != null) {
            return;
        }
        boolean[] hashed = hashes(page);
        int pin = 0;
        for (int i = 0; i < page.size() && broken == null; i++) {
            ChainRecord record = page.get(i);
            long seq = record.seq();
            checked++;
            if (seq != lastSeq + 1) {
                broken = new BrokenRecord(seq, record.eventId(), BrokenRecord.SEQUENCE_GAP);
            } else if (!lastHash.equals(record.prevHash())) {
                broken = new BrokenRecord(seq, record.eventId(), BrokenRecord.PREV_HASH_MISMATCH);
            } else if (!hashed[i]) {
                broken = new BrokenRecord(seq, record.eventId(), BrokenRecord.HASH_MISMATCH);
            }
            // A checkpoint of a seq that is missing here is behind a gap, which the walk reports itself.
            while (pin < pins.size() && pins.get(pin).seq() < seq) {
                pin++;
            }
            for (; pin < pins.size() && pins.get(pin).seq() == seq; pin++) {
                checkpointsChecked++;
                if (checkpointMismatch == null && !pins.get(pin).hash().equals(record.hash())) {
                    checkpointMismatch = new BrokenRecord(seq, record.eventId(), BrokenRecord.CHECKPOINT_MISMATCH);
                }
            }
            lastSeq = seq;
            lastHash = record.hash();
        }
    }

    /** Whether each record's stored hash is the hash of its stored fields. */
    private boolean[] hashes(List<ChainRecord> page) {
        int n = page.size();
        boolean[] matches = new boolean[n];
        int chunks = Math.min(threads, Math.max(1, n / MIN_CHUNK));
        CompletableFuture<?>[] others = new CompletableFuture<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            others[c - 1] = CompletableFuture.runAsync(() -> hash(page, matches, from, to), executor);
        }
        hash(page, matches, 0, n / chunks);
        CompletableFuture.allOf(others).join();
        return matches;
    }

    private static void hash(List<ChainRecord> page, boolean[] matches, int from, int to) {
        ChainHasher hasher = HASHERS.get();
        for (int i = from; i < to; i++) {
            matches[i] = hasher.matches(page.get(i));
        }
    }

    boolean isBroken() {
        return broken != null;
    }

    BrokenRecord broken() {
        return broken;
    }

    /** The first checkpoint (lowest seq) whose hash is not the walked record's, or null. */
    BrokenRecord checkpointMismatch() {
        return checkpointMismatch;
    }

    long checkpointsChecked() {
        return checkpointsChecked;
    }

    /** The seq of the last record checked (0 before any). */
    long lastSeq() {
        return lastSeq;
    }

    long checked() {
        return checked;
    }
}
