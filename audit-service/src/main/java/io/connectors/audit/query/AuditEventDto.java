package io.connectors.audit.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.connectors.audit.trail.ChainRecord;

import java.time.Instant;

/**
 * One stored audit record as the API and the export show it. {@code actor}, {@code target} and {@code details} are
 * written as the canonical JSON the hash covers, so an analyst can recompute every hash from this representation.
 */
@JsonPropertyOrder({"id", "seq", "time", "org_id", "action", "actor", "target", "outcome", "details", "decision_id",
        "trace_id", "source_service", "prev_hash", "hash"})
public record AuditEventDto(
        String id,
        long seq,
        Instant time,
        @JsonProperty("org_id") String orgId,
        String action,
        @JsonRawValue String actor,
        @JsonRawValue String target,
        String outcome,
        @JsonRawValue String details,
        @JsonProperty("decision_id") String decisionId,
        @JsonProperty("trace_id") String traceId,
        @JsonProperty("source_service") String sourceService,
        @JsonProperty("prev_hash") String prevHash,
        String hash) {

    static AuditEventDto of(ChainRecord record) {
        return new AuditEventDto(record.eventId(), record.seq(), record.time(), record.orgId(), record.action(),
                record.actor(), record.target(), record.outcome(), record.details(), record.decisionId(),
                record.traceId(), record.sourceService(), record.prevHash(), record.hash());
    }
}
