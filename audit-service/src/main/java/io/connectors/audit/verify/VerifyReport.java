package io.connectors.audit.verify;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * The answer of {@code GET /v1/audit/verify}. {@code checkpoints_checked}: stored checkpoints (every key) compared
 * with the records they pin. {@code unpinned_records}: records chained after the latest checkpoint, which no
 * checkpoint covers yet: deleting only these (and rewinding the head) is the one cut verify cannot see; prompt
 * checkpoints keep them to the records of the last {@code connectors.audit.checkpoint.prompt-delay}.
 */
public record VerifyReport(
        boolean valid,
        @JsonProperty("records_checked") long recordsChecked,
        @JsonProperty("first_broken") BrokenRecord firstBroken,
        CheckpointView checkpoint,
        Lag lag,
        @JsonProperty("checkpoints_checked") long checkpointsChecked,
        @JsonProperty("unpinned_records") long unpinnedRecords) {

    /**
     * How far the trail is behind its producers, at the chain head read when verification started (null values
     * before the org's first record): {@code newest_record_time} is when the newest chained record was created (by
     * the producing service), {@code chained_at} when it was chained, {@code ingest_delay_ms} the difference (what the
     * newest record took through outbox, Kafka and consumer), and {@code newest_record_age_ms} its age now, which is
     * how far behind the trail is at most while producers keep writing (an idle org's grows without any delay).
     */
    public record Lag(
            @JsonProperty("head_seq") long headSeq,
            @JsonProperty("newest_record_time") Instant newestRecordTime,
            @JsonProperty("chained_at") Instant chainedAt,
            @JsonProperty("ingest_delay_ms") Long ingestDelayMs,
            @JsonProperty("newest_record_age_ms") Long newestRecordAgeMs) {
    }

    /**
     * The latest checkpoint (highest seq, whichever key signed it; null before the first one): the head it pins and
     * whether it still {@code matches} (valid signature by a key this service knows, and the record at {@code seq}
     * still has {@code hash}). {@code problem} says why not (null when it matches): {@code unknown_key_id} (signed by
     * no key in the key file, active or retired), {@code invalid_signature}, {@code tail_cut} (it pins a seq past the
     * chain head), {@code record_missing}, {@code hash_mismatch}. {@code proof} is null when {@code signature} signs
     * the checkpoint itself, else its Merkle path to the root that one signature covers for several orgs.
     */
    public record CheckpointView(
            long seq,
            String hash,
            @JsonProperty("signed_at") Instant signedAt,
            @JsonProperty("key_id") String keyId,
            String signature,
            boolean matches,
            String problem,
            String proof) {

        public static final String UNKNOWN_KEY_ID = "unknown_key_id";
        public static final String INVALID_SIGNATURE = "invalid_signature";
        public static final String TAIL_CUT = "tail_cut";
        public static final String RECORD_MISSING = "record_missing";
        public static final String HASH_MISMATCH = "hash_mismatch";
    }
}
