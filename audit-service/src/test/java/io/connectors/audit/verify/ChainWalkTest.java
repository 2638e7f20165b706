package io.connectors.audit.verify;

import io.connectors.audit.trail.ChainRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChainWalkTest {

    static List<ChainRecord> chain(int length) {
        List<ChainRecord> records = new ArrayList<>();
        String prev = ChainRecord.GENESIS;
        for (int seq = 1; seq <= length; seq++) {
            ChainRecord record = ChainRecord.link(new ChainRecord("00000000-0000-4000-8000-00000000000" + seq, 0,
                    Instant.parse("2026-03-18T12:00:00Z").plusSeconds(seq), "org", "connector.executed",
                    "{\"subject\":\"s\",\"type\":\"user\"}", null, "success", "{\"n\":" + seq + "}", null, null,
                    "execution-service", null, null), seq, prev);
            records.add(record);
            prev = record.hash();
        }
        return records;
    }

    private static ChainWalk walk(List<ChainRecord> records, int pageSize) {
        ChainWalk walk = new ChainWalk();
        for (int start = 0; start < records.size(); start += pageSize) {
            walk.check(records.subList(start, Math.min(records.size(), start + pageSize)));
        }
        return walk;
    }

    @Test
    void acceptsAnIntactChainAcrossPages() {
        ChainWalk walk = walk(chain(7), 3);
        assertFalse(walk.isBroken());
        assertNull(walk.broken());
        assertEquals(7, walk.checked());
        assertEquals(7, walk.lastSeq());
    }

    @Test
    void namesAnEditedRecordByHashMismatch() {
        List<ChainRecord> records = chain(5);
        ChainRecord r = records.get(2);
        records.set(2, new ChainRecord(r.eventId(), r.seq(), r.time(), r.orgId(), r.action(), r.actor(), r.target(),
                r.outcome(), "{\"n\":99}", r.decisionId(), r.traceId(), r.sourceService(), r.prevHash(), r.hash()));
        ChainWalk walk = walk(records, 2);
        assertEquals(new BrokenRecord(3, r.eventId(), BrokenRecord.HASH_MISMATCH), walk.broken());
        assertEquals(3, walk.checked());
    }

    @Test
    void namesTheRecordAfterADeletedOneBySequenceGap() {
        List<ChainRecord> records = chain(5);
        records.remove(1);
        assertEquals(new BrokenRecord(3, records.get(1).eventId(), BrokenRecord.SEQUENCE_GAP), walk(records, 10).broken());
    }

    @Test
    void namesASwappedRecordByPrevHashMismatch() {
        List<ChainRecord> records = chain(5);
        ChainRecord second = records.get(1);
        ChainRecord third = records.get(2);
        records.set(1, renumber(third, 2));
        records.set(2, renumber(second, 3));
        assertEquals(new BrokenRecord(2, third.eventId(), BrokenRecord.PREV_HASH_MISMATCH), walk(records, 10).broken());
    }

    @Test
    void namesTheFirstRecordOfAChainThatDoesNotStartAtGenesis() {
        List<ChainRecord> records = chain(3).subList(1, 3);
        assertEquals(new BrokenRecord(2, records.get(0).eventId(), BrokenRecord.SEQUENCE_GAP), walk(records, 10).broken());
    }

    private static ChainRecord renumber(ChainRecord r, long seq) {
        return new ChainRecord(r.eventId(), seq, r.time(), r.orgId(), r.action(), r.actor(), r.target(), r.outcome(),
                r.details(), r.decisionId(), r.traceId(), r.sourceService(), r.prevHash(), r.hash());
    }
}
