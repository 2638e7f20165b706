package io.connectors.audit.trail;

import io.connectors.platform.json.CanonicalJson;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * One link of an org's audit chain, as stored. {@code actor}, {@code target} and {@code details} hold canonical JSON
 * text ({@link CanonicalJson}); {@code target} may be null. {@code time} has microsecond precision (what PostgreSQL
 * keeps), so the hash computed at append time is the one recomputed from the row.
 *
 * <p>{@code hash} = lowercase hex SHA-256 of the UTF-8 bytes of {@link #canonicalForm()}: the canonical JSON of the
 * object {@code {action, actor, decision_id, details, event_id, org_id, outcome, prev_hash, seq, source_service,
 * target, time, trace_id}} (absent values as {@code null}, {@code time} as an RFC 3339 UTC instant, {@code seq} a
 * number). {@code prev_hash} is the previous record's hash, {@link #GENESIS} for {@code seq} 1.
 */
public record ChainRecord(
        String eventId,
        long seq,
        Instant time,
        String orgId,
        String action,
        String actor,
        String target,
        String outcome,
        String details,
        String decisionId,
        String traceId,
        String sourceService,
        String prevHash,
        String hash) {

    /** The {@code prev_hash} of every org's first record. */
    public static final String GENESIS = "0".repeat(64);

    /** Links {@code record} after the record whose hash is {@code prevHash}, at {@code seq}. */
    public static ChainRecord link(ChainRecord record, long seq, String prevHash) {
        ChainRecord unsealed = new ChainRecord(record.eventId, seq, record.time, record.orgId, record.action, record.actor,
                record.target, record.outcome, record.details, record.decisionId, record.traceId, record.sourceService,
                prevHash, null);
        return unsealed.withHash(unsealed.computeHash());
    }

    /**
     * The canonical form, written directly: the members are already in key order and the JSON members are stored in
     * canonical text, so this equals {@code CanonicalJson.write} of the same object (a unit test holds them together).
     */
    public String canonicalForm() {
        StringBuilder out = new StringBuilder(256 + actor.length() + details.length() + (target == null ? 0 : target.length()));
        out.append("{\"action\":").append(CanonicalJson.string(action))
                .append(",\"actor\":").append(actor)
                .append(",\"decision_id\":").append(CanonicalJson.string(decisionId))
                .append(",\"details\":").append(details)
                .append(",\"event_id\":").append(CanonicalJson.string(eventId))
                .append(",\"org_id\":").append(CanonicalJson.string(orgId))
                .append(",\"outcome\":").append(CanonicalJson.string(outcome))
                .append(",\"prev_hash\":").append(CanonicalJson.string(prevHash))
                .append(",\"seq\":").append(seq)
                .append(",\"source_service\":").append(CanonicalJson.string(sourceService))
                .append(",\"target\":").append(target == null ? "null" : target)
                .append(",\"time\":").append(CanonicalJson.string(DateTimeFormatter.ISO_INSTANT.format(time)))
                .append(",\"trace_id\":").append(CanonicalJson.string(traceId))
                .append('}');
        return out.toString();
    }

    /** {@code CanonicalJson.sha256Hex(canonicalForm())}; see {@link ChainHasher}, which a loop over records should reuse. */
    public String computeHash() {
        return new ChainHasher().hash(this);
    }

    private ChainRecord withHash(String newHash) {
        return new ChainRecord(eventId, seq, time, orgId, action, actor, target, outcome, details, decisionId, traceId,
                sourceService, prevHash, newHash);
    }
}
