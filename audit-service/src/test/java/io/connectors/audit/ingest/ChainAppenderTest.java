package io.connectors.audit.ingest;

import io.connectors.audit.trail.ChainHead;
import io.connectors.audit.trail.ChainRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChainAppenderTest {

    private static ChainRecord record(String id) {
        return new ChainRecord(id, 0, Instant.parse("2026-03-18T12:00:00Z"), "org", "connector.created",
                "{\"subject\":\"s\",\"type\":\"user\"}", null, "success", "{}", null, null, "config-service", null, null);
    }

    @Test
    void continuesTheChainFromItsHead() {
        List<ChainRecord> linked = ChainAppender.link(new ChainHead(41, "ab".repeat(32)), List.of(record("a"), record("b")), Set.of());
        assertEquals(List.of(42L, 43L), linked.stream().map(ChainRecord::seq).toList());
        assertEquals("ab".repeat(32), linked.get(0).prevHash());
        assertEquals(linked.get(0).hash(), linked.get(1).prevHash());
    }

    @Test
    void skipsRecordsAlreadyStoredAndRepeatsWithinTheBatchWithoutLeavingAGap() {
        List<ChainRecord> linked = ChainAppender.link(ChainHead.EMPTY,
                List.of(record("a"), record("b"), record("a"), record("c"), record("b")), Set.of("b"));
        assertEquals(List.of("a", "c"), linked.stream().map(ChainRecord::eventId).toList());
        assertEquals(List.of(1L, 2L), linked.stream().map(ChainRecord::seq).toList());
        assertEquals(ChainRecord.GENESIS, linked.get(0).prevHash());
    }
}
