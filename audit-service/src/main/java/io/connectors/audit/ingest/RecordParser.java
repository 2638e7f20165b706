package io.connectors.audit.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.audit.schema.AuditRecordSchema;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.platform.json.CanonicalJson;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Turns the value of a {@code connectors.audit.v1} record into an unchained {@link ChainRecord}, or names why it is
 * poison. Reasons start with a stable code ({@code unparseable}, {@code missing-org}, {@code schema-invalid},
 * {@code key-mismatch}) and never quote field values, so they are safe to log and to put in a header.
 */
@ApplicationScoped
public class RecordParser {

    private static final int MAX_VIOLATIONS_IN_REASON = 5;

    private final AuditRecordSchema schema;
    private final ObjectMapper mapper;

    public RecordParser(AuditRecordSchema schema, ObjectMapper mapper) {
        this.schema = schema;
        this.mapper = mapper;
    }

    ParsedRecord parse(String key, String value) {
        if (value == null) {
            return new ParsedRecord.Poison("unparseable: a tombstone (null value) is not an audit record");
        }
        JsonNode envelope;
        try {
            envelope = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return new ParsedRecord.Poison("unparseable: not JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (envelope == null || !envelope.isObject()) {
            return new ParsedRecord.Poison("unparseable: not a JSON object");
        }
        JsonNode org = envelope.get("orgid");
        if (org == null || !org.isTextual() || org.textValue().isBlank()) {
            return new ParsedRecord.Poison("missing-org: the envelope has no orgid");
        }
        List<String> violations = schema.violations(envelope);
        if (!violations.isEmpty()) {
            return new ParsedRecord.Poison("schema-invalid: " + String.join("; ",
                    violations.subList(0, Math.min(MAX_VIOLATIONS_IN_REASON, violations.size())))
                    + (violations.size() > MAX_VIOLATIONS_IN_REASON ? "; ..." : ""));
        }
        String orgId = org.textValue();
        if (!orgId.equals(key)) {
            // The key orders each org's records on one partition; a record keyed otherwise may be out of order.
            return new ParsedRecord.Poison("key-mismatch: the record key is not the envelope's orgid");
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(envelope.get("time").textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            return new ParsedRecord.Poison("schema-invalid: $.time: not a valid RFC 3339 date-time");
        }
        JsonNode data = envelope.get("data");
        return new ParsedRecord.Accepted(new ChainRecord(
                envelope.get("id").textValue(),
                0,
                time,
                orgId,
                data.get("action").textValue(),
                CanonicalJson.write(data.get("actor")),
                present(data, "target") ? CanonicalJson.write(data.get("target")) : null,
                data.get("outcome").textValue(),
                present(data, "details") ? CanonicalJson.write(data.get("details")) : "{}",
                text(data, "decision_id"),
                text(data, "trace_id"),
                data.get("source_service").textValue(),
                null,
                null));
    }

    private static boolean present(JsonNode node, String field) {
        return node.hasNonNull(field);
    }

    private static String text(JsonNode node, String field) {
        return present(node, field) ? node.get(field).textValue() : null;
    }
}
