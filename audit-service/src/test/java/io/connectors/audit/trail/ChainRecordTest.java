package io.connectors.audit.trail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.json.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainRecordTest {

    private static final String ACTOR = "{\"roles\":[\"admin\",\"deployer\"],\"subject\":\"3f0c\",\"type\":\"user\",\"username\":\"acme-admin\"}";
    private static final String TARGET = "{\"connector_id\":\"c1b2\",\"id\":\"c1b2\",\"type\":\"connector\"}";
    private static final String DETAILS = "{\"connector_type\":\"crowdstrike\",\"count\":2,\"note\":\"café \\\"q\\\"\\n\","
            + "\"permitted_operations\":[\"detections:read\"]}";

    static ChainRecord unsealed() {
        return new ChainRecord("0b6c9a9e-3f43-4c39-9a52-6a2f0d0b8e11", 0, Instant.parse("2026-03-18T12:00:00.123456Z"),
                "11111111-1111-4111-8111-111111111111", "connector.created", ACTOR, TARGET, "success", DETAILS, null,
                "trace-1", "config-service", null, null);
    }

    @Test
    void hashesTheDocumentedCanonicalForm() {
        // Reference computed independently (Python: json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)).
        ChainRecord record = ChainRecord.link(unsealed(), 1, ChainRecord.GENESIS);
        assertEquals("44c0629ead5f9d680911b0cacca3ec22a268659c89e3b7345ed817d8ed11e60a", record.hash());
    }

    @Test
    void canonicalFormIsTheCanonicalJsonOfAllFields() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ChainRecord record = ChainRecord.link(unsealed(), 7, "ab".repeat(32));
        ObjectNode fields = mapper.createObjectNode();
        fields.put("time", "2026-03-18T12:00:00.123456Z");
        fields.put("seq", 7);
        fields.set("actor", mapper.readTree(ACTOR));
        fields.set("target", mapper.readTree(TARGET));
        fields.set("details", mapper.readTree(DETAILS));
        fields.put("action", "connector.created");
        fields.putNull("decision_id");
        fields.put("trace_id", "trace-1");
        fields.put("event_id", record.eventId());
        fields.put("org_id", record.orgId());
        fields.put("outcome", "success");
        fields.put("prev_hash", "ab".repeat(32));
        fields.put("source_service", "config-service");
        assertEquals(CanonicalJson.write(fields), record.canonicalForm());
    }

    @Test
    void escapesStringFieldsExactlyAsCanonicalJsonAndHashesItsBytes() {
        String tricky = "q\"uote \\ back\n\t\u0001 caf\u00e9 \u2603 \ud83d\ude00 /";
        ChainRecord record = ChainRecord.link(new ChainRecord(tricky, 0, Instant.parse("2026-03-18T12:00:00Z"), tricky,
                tricky, ACTOR, null, tricky, DETAILS, tricky, tricky, tricky, null, null), 9, tricky);
        ObjectNode fields = new ObjectMapper().createObjectNode();
        for (String name : List.of("action", "decision_id", "event_id", "org_id", "outcome", "prev_hash", "source_service", "trace_id")) {
            fields.put(name, tricky);
        }
        fields.put("time", "2026-03-18T12:00:00Z");
        fields.put("seq", 9);
        fields.putNull("target");
        try {
            fields.set("actor", new ObjectMapper().readTree(ACTOR));
            fields.set("details", new ObjectMapper().readTree(DETAILS));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertEquals(CanonicalJson.write(fields), record.canonicalForm());
        assertEquals(CanonicalJson.sha256Hex(record.canonicalForm()), record.hash());
    }

    @Test
    void writesTimesAsIsoInstantDoesWithTheFractionInGroupsOfThree() {
        ChainHasher hasher = new ChainHasher();
        Random random = new Random(42);
        List<Instant> times = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.000001Z"), Instant.parse("2026-03-18T12:00:00.100Z"),
                Instant.parse("2026-03-18T12:00:00.000120Z"), Instant.parse("2026-03-18T12:00:00.000000001Z")));
        for (int i = 0; i < 2000; i++) {
            long seconds = random.nextLong(-62_000_000_000L, 253_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            times.add(Instant.ofEpochSecond(seconds, nanos));
        }
        for (Instant time : times) {
            ChainRecord record = new ChainRecord("e", 1, time, "o", "a", "{}", null, "success", "{}", null, null, "s",
                    ChainRecord.GENESIS, null);
            String expected = CanonicalJson.sha256Hex(record.canonicalForm());
            assertEquals(expected, hasher.hash(record), time.toString());
            assertTrue(hasher.matches(withHash(record, expected)), time.toString());
        }
    }

    @Test
    void matchesExactlyTheHashOfTheCanonicalForm() {
        String tricky = "q\"uote \\ back\n\t\u0001\u001f\u007f caf\u00e9 \u2603 \ud83d\ude00 /";
        List<ChainRecord> records = List.of(
                ChainRecord.link(unsealed(), 1, ChainRecord.GENESIS),
                ChainRecord.link(new ChainRecord(tricky, 0, Instant.parse("2026-03-18T12:00:00Z"), tricky, tricky, ACTOR, null,
                        tricky, DETAILS, tricky, tricky, tricky, null, null), 9, tricky),
                ChainRecord.link(new ChainRecord("e", 0, Instant.parse("1999-12-31T23:59:59.999999Z"), "o", "a",
                        "{\"name\":\"Zo\u00eb \u2603\"}", "{\"id\":\"\u00e9\"}", "failure", "{}", "d", null, "s", null, null),
                        Long.MAX_VALUE, ChainRecord.GENESIS));
        ChainHasher hasher = new ChainHasher();
        for (ChainRecord record : records) {
            assertEquals(CanonicalJson.sha256Hex(record.canonicalForm()), record.hash());
            assertTrue(hasher.matches(record), record.toString());
            for (String wrong : java.util.Arrays.asList(record.hash().toUpperCase(), record.hash().substring(1), "0".repeat(64),
                    record.hash() + "0", null)) {
                assertFalse(hasher.matches(withHash(record, wrong)), String.valueOf(wrong));
            }
        }
    }

    @Test
    void linksToThePreviousHashAtTheGivenSeq() {
        ChainRecord first = ChainRecord.link(unsealed(), 1, ChainRecord.GENESIS);
        ChainRecord second = ChainRecord.link(unsealed(), 2, first.hash());
        assertEquals(2, second.seq());
        assertEquals(first.hash(), second.prevHash());
        assertEquals(second.hash(), second.computeHash());
        assertNotEquals(first.hash(), second.hash());
    }

    @Test
    void everyStoredFieldChangesTheHash() {
        ChainRecord base = ChainRecord.link(unsealed(), 3, ChainRecord.GENESIS);
        List<UnaryOperator<ChainRecord>> edits = List.of(
                r -> copy(r, "eventId", "0b6c9a9e-3f43-4c39-9a52-6a2f0d0b8e12"),
                r -> copy(r, "time", null),
                r -> copy(r, "orgId", "22222222-2222-4222-8222-222222222222"),
                r -> copy(r, "action", "connector.deleted"),
                r -> copy(r, "actor", ACTOR.replace("3f0c", "3f0d")),
                r -> copy(r, "target", null),
                r -> copy(r, "outcome", "failure"),
                r -> copy(r, "details", "{}"),
                r -> copy(r, "decisionId", "d-1"),
                r -> copy(r, "traceId", null),
                r -> copy(r, "sourceService", "policy-service"),
                r -> copy(r, "prevHash", "1".repeat(64)),
                r -> copy(r, "seq", null));
        for (UnaryOperator<ChainRecord> edit : edits) {
            assertNotEquals(base.hash(), edit.apply(base).computeHash());
        }
    }

    private static ChainRecord withHash(ChainRecord r, String hash) {
        return new ChainRecord(r.eventId(), r.seq(), r.time(), r.orgId(), r.action(), r.actor(), r.target(), r.outcome(),
                r.details(), r.decisionId(), r.traceId(), r.sourceService(), r.prevHash(), hash);
    }

    private static ChainRecord copy(ChainRecord r, String field, String value) {
        return new ChainRecord(
                field.equals("eventId") ? value : r.eventId(),
                field.equals("seq") ? r.seq() + 1 : r.seq(),
                field.equals("time") ? r.time().plusNanos(1000) : r.time(),
                field.equals("orgId") ? value : r.orgId(),
                field.equals("action") ? value : r.action(),
                field.equals("actor") ? value : r.actor(),
                field.equals("target") ? value : r.target(),
                field.equals("outcome") ? value : r.outcome(),
                field.equals("details") ? value : r.details(),
                field.equals("decisionId") ? value : r.decisionId(),
                field.equals("traceId") ? value : r.traceId(),
                field.equals("sourceService") ? value : r.sourceService(),
                field.equals("prevHash") ? value : r.prevHash(),
                r.hash());
    }
}
