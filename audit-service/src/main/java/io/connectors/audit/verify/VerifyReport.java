package io.connectors.audit.verify;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** The answer of {@code GET /v1/audit/verify}. */
public record VerifyReport(
        boolean valid,
        @JsonProperty("records_checked") long recordsChecked,
        @JsonProperty("first_broken") BrokenRecord firstBroken,
        CheckpointView checkpoint) {

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
