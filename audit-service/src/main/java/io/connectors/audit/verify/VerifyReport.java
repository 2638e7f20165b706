package io.connectors.audit.verify;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** The answer of {@code GET /v1/audit/verify}. */
public record VerifyReport(
        boolean valid,
        @JsonProperty("records_checked") long recordsChecked,
        @JsonProperty("first_broken") BrokenRecord firstBroken,
        CheckpointView checkpoint,
        Lag lag) {

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
     * The latest checkpoint signed by the current key (null before the first one): the head it pins and whether it
     * still {@code matches} (valid signature, and the record at {@code seq} still has {@code hash}).
     */
    public record CheckpointView(
            long seq,
            String hash,
            @JsonProperty("signed_at") Instant signedAt,
            @JsonProperty("key_id") String keyId,
            String signature,
            boolean matches) {
    }
}
