package io.connectors.audit.verify;

import io.connectors.audit.AuditConfig;
import io.connectors.audit.AuditServiceProfile;
import io.connectors.audit.Eventually;
import io.connectors.audit.TrailTables;
import io.connectors.audit.checkpoint.CheckpointJob;
import io.connectors.audit.ingest.ChainAppender;
import io.connectors.audit.trail.ChainRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tampering as the database owner (the one role that can get past the privileges and the triggers), then verify.
 * Each test works on a chain of its own org, appended through the service and pinned by a signed checkpoint.
 */
@QuarkusTest
@TestProfile(AuditServiceProfile.class)
class TamperDetectionIT {

    private static final Logger LOG = Logger.getLogger(TamperDetectionIT.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LENGTH = 6;

    @Inject
    ChainAppender appender;

    @Inject
    CheckpointJob checkpoints;

    @Inject
    ChainVerifier verifier;

    @Inject
    AuditConfig config;

    private String org;
    private List<TrailTables.Row> rows;

    /**
     * Appends a chain of {@code LENGTH} records of a new org and waits for its prompt checkpoint (once stored, nothing
     * else is stored at that seq by the same key, so tampering afterwards is not raced); answers how many milliseconds
     * after the commit it was there.
     */
    private long appendChain() {
        org = UUID.randomUUID().toString();
        List<ChainRecord> records = new ArrayList<>();
        Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int i = 1; i <= LENGTH; i++) {
            records.add(record(org, UUID.randomUUID().toString(), time.plusSeconds(i), "{\"step\":" + i + "}"));
        }
        appender.append(records).await().atMost(WAIT);
        long committed = System.nanoTime();
        Eventually.await(WAIT, () -> TrailTables.latestCheckpointSeq(org), seq -> seq == LENGTH, "the prompt checkpoint");
        long afterMs = (System.nanoTime() - committed) / 1_000_000;
        rows = TrailTables.rows(org);
        assertEquals(LENGTH, rows.size());
        return afterMs;
    }

    private static ChainRecord record(String org, String eventId, Instant time, String details) {
        return new ChainRecord(eventId, 0, time, org, "connector.executed", "{\"subject\":\"s-1\",\"type\":\"user\"}",
                "{\"connector_id\":\"c-1\",\"type\":\"connector\"}", "success", details, null, null, "execution-service",
                null, null);
    }

    private VerifyReport verify() {
        return verifier.verify(org).await().atMost(WAIT);
    }

    private void assertFirstBroken(long seq, String eventId, String reason) {
        VerifyReport report = verify();
        assertFalse(report.valid(), report.toString());
        assertEquals(new BrokenRecord(seq, eventId, reason), report.firstBroken(), report.toString());
    }

    private String at(int seq) {
        return rows.get(seq - 1).eventId();
    }

    @Test
    void findsAnIntactChainPinnedByAMatchingCheckpoint() {
        appendChain();
        VerifyReport report = verify();
        assertTrue(report.valid(), report.toString());
        assertEquals(LENGTH, report.recordsChecked());
        assertEquals(LENGTH, report.checkpoint().seq());
        assertTrue(report.checkpoint().matches());
        assertEquals(rows.get(LENGTH - 1).hash(), report.checkpoint().hash());
    }

    @Test
    void namesAnEditedRecord() {
        appendChain();
        TrailTables.tamper(org, "update audit_records set details = '{\"step\":99}' where org_id = '" + org + "' and seq = 3");
        assertFirstBroken(3, at(3), BrokenRecord.HASH_MISMATCH);
    }

    @Test
    void namesTheRecordAfterADeletedOne() {
        appendChain();
        TrailTables.tamper(org, "delete from audit_records where org_id = '" + org + "' and seq = 3");
        assertFirstBroken(4, at(4), BrokenRecord.SEQUENCE_GAP);
    }

    @Test
    void namesTheRecordWhoseLinkAnInsertedForgeryBroke() {
        appendChain();
        // A careful forger: renumbers the tail, then slips in a record whose own hash and link are right.
        ChainRecord forged = ChainRecord.link(record(org, UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), "{\"forged\":true}"), 3, rows.get(1).hash());
        TrailTables.tamper(org,
                "update audit_records set seq = seq + 1000000 where org_id = '" + org + "' and seq >= 3",
                "update audit_records set seq = seq - 999999 where org_id = '" + org + "' and seq > 1000000");
        TrailTables.insertBehindTheServicesBack(forged);
        assertFirstBroken(4, at(3), BrokenRecord.PREV_HASH_MISMATCH);
    }

    @Test
    void namesTheFirstOfTwoSwappedRecords() {
        appendChain();
        TrailTables.tamper(org,
                "update audit_records set seq = 1000007 - seq where org_id = '" + org + "' and seq in (3, 4)",
                "update audit_records set seq = seq - 1000000 where org_id = '" + org + "' and seq > 1000000");
        assertFirstBroken(3, at(4), BrokenRecord.PREV_HASH_MISMATCH);
    }

    @Test
    void namesARecordStoredPastTheChainHead() {
        appendChain();
        // Even with a correct hash and link: the service never moved its head there.
        ChainRecord forged = ChainRecord.link(record(org, UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), "{}"), LENGTH + 1, rows.get(LENGTH - 1).hash());
        TrailTables.insertBehindTheServicesBack(forged);
        assertFirstBroken(LENGTH + 1, forged.eventId(), BrokenRecord.SEQUENCE_GAP);
    }

    @Test
    void namesTheMissingRecordsOfATruncatedTail() {
        appendChain();
        TrailTables.tamper(org, "delete from audit_records where org_id = '" + org + "' and seq >= 5");
        // Before the head and the checkpoint: seq 5 is missing.
        assertFirstBroken(5, null, BrokenRecord.SEQUENCE_GAP);
    }

    @Test
    void catchesAChainRewrittenWithRecomputedHashesByItsCheckpoint() {
        appendChain();
        List<String> statements = new ArrayList<>();
        String prev = rows.get(1).hash();
        for (int seq = 3; seq <= LENGTH; seq++) {
            ChainRecord original = record(org, at(seq), Instant.EPOCH, "{\"step\":" + seq + "}");
            ChainRecord rewritten = ChainRecord.link(new ChainRecord(original.eventId(), 0, storedTime(seq), org,
                    original.action(), original.actor(), original.target(), original.outcome(),
                    seq == 3 ? "{\"step\":99}" : original.details(), null, null, original.sourceService(), null, null), seq, prev);
            statements.add("update audit_records set details = '" + rewritten.details() + "', prev_hash = '" + rewritten.prevHash()
                    + "', hash = '" + rewritten.hash() + "' where org_id = '" + org + "' and seq = " + seq);
            prev = rewritten.hash();
        }
        statements.add("update audit_chain_heads set hash = '" + prev + "' where org_id = '" + org + "'");
        TrailTables.tamper(org, statements.toArray(String[]::new));
        VerifyReport report = verify();
        assertEquals(new BrokenRecord(LENGTH, at(LENGTH), BrokenRecord.CHECKPOINT_MISMATCH), report.firstBroken(), report.toString());
        assertFalse(report.checkpoint().matches());
        assertEquals(LENGTH, report.recordsChecked(), "the rewritten chain is internally consistent");
    }

    @Test
    void catchesACheckpointForgedWithoutTheKey() {
        appendChain();
        TrailTables.tamper(org, "update audit_checkpoints set signature = 'AAAA' where org_id = '" + org + "'");
        assertFirstBroken(LENGTH, at(LENGTH), BrokenRecord.CHECKPOINT_MISMATCH);
    }

    @Test
    void signsACheckpointOnlyWhenTheChainMoved() throws SQLException {
        appendChain();
        checkpoints.checkpointChangedChains().await().atMost(WAIT);
        checkpoints.checkpointChangedChains().await().atMost(WAIT);
        assertEquals(1, checkpointCount(), "the prompt checkpoint, and nothing more while the head stays");
        appender.append(List.of(record(org, UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.MICROS), "{}")))
                .await().atMost(WAIT);
        checkpoints.checkpointChangedChains().await().atMost(WAIT);
        assertEquals(2, checkpointCount());
        VerifyReport report = verify();
        assertTrue(report.valid(), report.toString());
        assertEquals(LENGTH + 1, report.checkpoint().seq());
    }

    /**
     * The prompt checkpoint after the batch pins its head: deleting the newest records and rewinding the head then
     * leaves the head short of a signed checkpoint. Also measures how soon that checkpoint came, which bounds the
     * records a cut can take unseen (those chained within that time before it).
     */
    @Test
    void catchesACutTailWithARewoundHeadByThePromptCheckpoint() {
        long afterMs = appendChain();
        LOG.infof("Prompt checkpoint stored %d ms after the batch's commit (prompt-delay %s)", afterMs,
                config.checkpoint().promptDelay());
        // The delay, plus a signature and one insert: generous for a loaded machine, far below the periodic job's minute.
        assertTrue(afterMs < config.checkpoint().promptDelay().toMillis() + 5_000, afterMs + " ms");
        VerifyReport intact = verify();
        assertTrue(intact.valid(), intact.toString());
        assertEquals(0, intact.unpinnedRecords());

        TrailTables.tamper(org, "delete from audit_records where org_id = '" + org + "' and seq > 3",
                "update audit_chain_heads set seq = 3, hash = '" + rows.get(2).hash() + "' where org_id = '" + org + "'");
        VerifyReport report = verify();
        assertFalse(report.valid(), report.toString());
        assertEquals(new BrokenRecord(4, null, BrokenRecord.TAIL_CUT), report.firstBroken(), report.toString());
        assertEquals(3, report.recordsChecked(), "what is left is a consistent chain");
        assertEquals(LENGTH, report.checkpoint().seq());
        assertFalse(report.checkpoint().matches());
        assertEquals(VerifyReport.CheckpointView.TAIL_CUT, report.checkpoint().problem());
    }

    @Test
    void catchesACutTailThatTheServiceHasSinceAppendedPastByTheOlderCheckpoint() {
        appendChain();
        TrailTables.tamper(org, "delete from audit_records where org_id = '" + org + "' and seq > 3",
                "update audit_chain_heads set seq = 3, hash = '" + rows.get(2).hash() + "' where org_id = '" + org + "'");
        Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<ChainRecord> regrown = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            regrown.add(record(org, UUID.randomUUID().toString(), time.plusSeconds(i), "{\"regrown\":" + i + "}"));
        }
        appender.append(regrown).await().atMost(WAIT);
        checkpoints.checkpointChangedChains().await().atMost(WAIT);
        VerifyReport report = verify();
        // The latest checkpoint (seq 8) pins the regrown chain, but the one at seq 6 still names the cut record.
        assertTrue(report.checkpoint().matches(), report.toString());
        assertEquals(8, report.checkpoint().seq());
        assertEquals(new BrokenRecord(LENGTH, TrailTables.rows(org).get(LENGTH - 1).eventId(), BrokenRecord.CHECKPOINT_MISMATCH),
                report.firstBroken(), report.toString());
        assertFalse(report.valid());
    }

    @Test
    void pinsTheOrgsOfOneBatchWithOneSignatureThatEachOrgVerifiesAlone() {
        List<String> orgs = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<ChainRecord> batch = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            batch.add(record(orgs.get(i % 3), UUID.randomUUID().toString(), time.plusSeconds(i), "{\"i\":" + i + "}"));
        }
        appender.append(batch).await().atMost(WAIT);
        List<VerifyReport> reports = new ArrayList<>();
        for (String each : orgs) {
            Eventually.await(WAIT, () -> TrailTables.latestCheckpointSeq(each), seq -> seq == 3, "the prompt checkpoint");
            org = each;
            VerifyReport report = verify();
            assertTrue(report.valid(), report.toString());
            assertTrue(report.checkpoint().matches());
            assertNotNull(report.checkpoint().proof(), "signed together: a Merkle path to the one signed root");
            reports.add(report);
        }
        assertEquals(1, reports.stream().map(r -> r.checkpoint().signature()).distinct().count(), "one signature");
        // Another org's path does not lead this org's checkpoint to the signed root.
        TrailTables.tamper(org, "update audit_checkpoints set proof = '" + reports.get(0).checkpoint().proof()
                + "' where org_id = '" + org + "'");
        VerifyReport report = verify();
        assertFalse(report.valid());
        assertEquals(VerifyReport.CheckpointView.INVALID_SIGNATURE, report.checkpoint().problem());
    }

    @Test
    void reportsACheckpointByAnUnknownKeyAsACheckpointProblem() {
        appendChain();
        TrailTables.tamper(org, "update audit_checkpoints set key_id = 'ffffffffffffffff' where org_id = '" + org + "'");
        VerifyReport report = verify();
        assertFalse(report.valid(), report.toString());
        assertEquals(new BrokenRecord(LENGTH, at(LENGTH), BrokenRecord.CHECKPOINT_MISMATCH), report.firstBroken());
        assertEquals("ffffffffffffffff", report.checkpoint().keyId());
        assertEquals(VerifyReport.CheckpointView.UNKNOWN_KEY_ID, report.checkpoint().problem());
        assertEquals(LENGTH, report.recordsChecked());
    }

    /**
     * The limit of checkpoints kept in the same database: an owner who also deletes the checkpoints newer than the
     * cut leaves a chain that verifies; what shows is only that no checkpoint covers the records after the cut.
     */
    @Test
    void aCutThatAlsoDeletesTheNewerCheckpointsShowsOnlyAsUnpinnedRecords() {
        appendChain();
        TrailTables.tamper(org, "delete from audit_records where org_id = '" + org + "' and seq > 3",
                "update audit_chain_heads set seq = 3, hash = '" + rows.get(2).hash() + "' where org_id = '" + org + "'",
                "delete from audit_checkpoints where org_id = '" + org + "' and seq > 3");
        VerifyReport report = verify();
        assertTrue(report.valid(), report.toString());
        assertNull(report.checkpoint());
        assertEquals(3, report.unpinnedRecords());
        // The periodic job signs the chain as it now is.
        assertTrue(checkpoints.checkpointChangedChains().await().atMost(WAIT) >= 1);
        VerifyReport signed = verify();
        assertEquals(3, signed.checkpoint().seq());
        assertEquals(0, signed.unpinnedRecords());
    }

    @Test
    void refusesTheApplicationRoleAnyUpdateDeleteOrTruncate() throws SQLException {
        appendChain();
        for (String sql : List.of(
                "update audit_records set outcome = 'failure' where org_id = '" + org + "'",
                "delete from audit_records where org_id = '" + org + "'",
                "truncate audit_records",
                "update audit_checkpoints set seq = 1",
                "delete from audit_checkpoints",
                "truncate audit_checkpoints")) {
            try (Connection app = TrailTables.appIn(org); Statement statement = app.createStatement()) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(sql), sql);
                assertEquals("42501", refused.getSQLState(), sql + ": " + refused.getMessage());
            }
        }
        assertTrue(verify().valid());
    }

    @Test
    void stopsEvenTheOwnerUntilTheTriggerIsDisabled() throws SQLException {
        appendChain();
        for (String sql : List.of("update audit_records set outcome = 'failure' where org_id = '" + org + "'",
                "delete from audit_records where org_id = '" + org + "'", "truncate audit_records")) {
            try (Connection owner = TrailTables.ownerIn(org); Statement statement = owner.createStatement()) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(sql), sql);
                assertNotNull(refused.getMessage());
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            }
        }
        assertEquals(LENGTH, TrailTables.count(org));
    }

    private Instant storedTime(int seq) {
        try (Connection owner = TrailTables.ownerIn(org);
             var rs = owner.createStatement().executeQuery("select time from audit_records where org_id = '" + org
                     + "' and seq = " + seq)) {
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int checkpointCount() throws SQLException {
        try (Connection owner = TrailTables.ownerIn(org);
             var rs = owner.createStatement().executeQuery("select count(*) from audit_checkpoints where org_id = '" + org + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
