package io.connectors.audit.verify;

import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.trail.PinnedHash;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChainWalkTest {

    private static final String ORG = "org";

    static List<ChainRecord> chain(int length) {
        List<ChainRecord> records = new ArrayList<>();
        String prev = ChainRecord.GENESIS;
        for (int seq = 1; seq <= length; seq++) {
            ChainRecord record = ChainRecord.link(new ChainRecord(String.format("00000000-0000-4000-8000-%012d", seq), 0,
                    Instant.parse("2026-03-18T12:00:00.000001Z").plusSeconds(seq), ORG, "connector.executed",
                    "{\"subject\":\"s\",\"type\":\"user\"}", null, "success", "{\"n\":" + seq + "}", null, null,
                    "execution-service", null, null), seq, prev);
            records.add(record);
            prev = record.hash();
        }
        return records;
    }

    private static ChainWalk walk(List<ChainRecord> records, int pageSize) {
        return walk(records, pageSize, List.of(), 1);
    }

    private static ChainWalk walk(List<ChainRecord> records, int pageSize, List<PinnedHash> pins, int threads) {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, threads - 1));
        try {
            ChainWalk walk = new ChainWalk(executor, threads);
            for (int start = 0; start < records.size(); start += pageSize) {
                List<ChainRecord> page = records.subList(start, Math.min(records.size(), start + pageSize));
                long from = page.get(0).seq();
                long to = page.get(page.size() - 1).seq();
                walk.check(page, pins.stream().filter(p -> p.seq() >= from && p.seq() <= to).toList());
            }
            return walk;
        } finally {
            executor.shutdownNow();
        }
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
    void hashesAPageOnSeveralThreadsAndStillNamesTheFirstEditedRecord() {
        List<ChainRecord> records = chain(3000);
        for (int index : new int[] {2500, 1700}) {
            ChainRecord r = records.get(index);
            records.set(index, new ChainRecord(r.eventId(), r.seq(), r.time().plusNanos(1000), r.orgId(), r.action(), r.actor(),
                    r.target(), r.outcome(), r.details(), r.decisionId(), r.traceId(), r.sourceService(), r.prevHash(), r.hash()));
        }
        for (int threads : new int[] {1, 2, 3}) {
            ChainWalk walk = walk(records, 2000, List.of(), threads);
            assertEquals(new BrokenRecord(1701, records.get(1700).eventId(), BrokenRecord.HASH_MISMATCH), walk.broken(),
                    threads + " threads");
            assertEquals(1701, walk.checked());
        }
        assertFalse(walk(chain(3000), 2000, List.of(), 3).isBroken());
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

    @Test
    void comparesEveryCheckpointWithTheRecordItPinsAndKeepsTheFirstThatDiffers() {
        List<ChainRecord> records = chain(9);
        List<PinnedHash> pins = List.of(new PinnedHash(2, records.get(1).hash()), new PinnedHash(4, "0".repeat(64)),
                new PinnedHash(4, records.get(3).hash()), new PinnedHash(7, "1".repeat(64)), new PinnedHash(9, records.get(8).hash()));
        ChainWalk walk = walk(records, 4, pins, 1);
        assertFalse(walk.isBroken(), "the chain itself holds");
        assertEquals(9, walk.checked());
        assertEquals(5, walk.checkpointsChecked());
        assertEquals(new BrokenRecord(4, records.get(3).eventId(), BrokenRecord.CHECKPOINT_MISMATCH), walk.checkpointMismatch());
        ChainWalk matching = walk(records, 4, List.of(new PinnedHash(9, records.get(8).hash())), 1);
        assertNull(matching.checkpointMismatch());
        assertEquals(1, matching.checkpointsChecked());
    }

    private static ChainRecord renumber(ChainRecord r, long seq) {
        return new ChainRecord(r.eventId(), seq, r.time(), r.orgId(), r.action(), r.actor(), r.target(), r.outcome(),
                r.details(), r.decisionId(), r.traceId(), r.sourceService(), r.prevHash(), r.hash());
    }
}
