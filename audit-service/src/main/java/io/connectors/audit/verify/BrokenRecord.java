package io.connectors.audit.verify;

/**
 * The first record at which the chain does not hold. {@code id} is null when the record at {@code seq} is missing.
 * Reasons: {@code hash_mismatch} (the record's content no longer gives its hash: edited), {@code prev_hash_mismatch}
 * (it does not link to the record before it: inserted or reordered), {@code sequence_gap} (a record is missing before
 * it, or it lies past the chain head the service wrote), {@code checkpoint_mismatch} (the chain no longer matches
 * a signed checkpoint: rewritten, or the checkpoint is forged or names a key this service does not know), {@code tail_cut}
 * (the chain head falls short of the latest signed checkpoint: the newest records were deleted and the head rewound;
 * {@code seq} is the first record missing).
 */
public record BrokenRecord(long seq, String id, String reason) {

    public static final String HASH_MISMATCH = "hash_mismatch";
    public static final String PREV_HASH_MISMATCH = "prev_hash_mismatch";
    public static final String SEQUENCE_GAP = "sequence_gap";
    public static final String CHECKPOINT_MISMATCH = "checkpoint_mismatch";
    public static final String TAIL_CUT = "tail_cut";
}
