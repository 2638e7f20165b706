package io.connectors.audit.checkpoint;

import io.connectors.audit.AuditConfig;
import io.connectors.audit.AuditServiceProfile;
import io.connectors.audit.Eventually;
import io.connectors.audit.TrailTables;
import io.connectors.audit.ingest.ChainAppender;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.trail.TrailRepository;
import io.connectors.audit.verify.BrokenRecord;
import io.connectors.audit.verify.ChainVerifier;
import io.connectors.audit.verify.VerifyReport;
import io.connectors.platform.tenancy.TenantSql;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkpoint key outlives the process: a service started again from the same key file verifies the checkpoints
 * signed before, and one rotated to a new key still verifies the old key's checkpoints. "Started again" is a signer
 * and verifier made from the file exactly as the application makes them at start-up, over the same database.
 */
@QuarkusTest
@TestProfile(AuditServiceProfile.class)
class CheckpointKeyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LENGTH = 4;

    @Inject
    ChainAppender appender;

    @Inject
    CheckpointSigner signer;

    @Inject
    TenantSql sql;

    @Inject
    Pool pool;

    @Inject
    TrailRepository trail;

    @Inject
    AuditConfig config;

    /** A new org's chain, pinned by the running service's prompt checkpoint. */
    private String pinnedChain() {
        String org = UUID.randomUUID().toString();
        Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<ChainRecord> records = new ArrayList<>();
        for (int i = 1; i <= LENGTH; i++) {
            records.add(new ChainRecord(UUID.randomUUID().toString(), 0, time.plusSeconds(i), org, "connector.executed",
                    "{\"subject\":\"s-1\",\"type\":\"user\"}", null, "success", "{\"step\":" + i + "}", null, null,
                    "execution-service", null, null));
        }
        appender.append(records).await().atMost(WAIT);
        Eventually.await(WAIT, () -> TrailTables.latestCheckpointSeq(org), seq -> seq == LENGTH, "the prompt checkpoint");
        return org;
    }

    private VerifyReport verifyWith(CheckpointSigner keys, String org) {
        return new ChainVerifier(sql, trail, keys, config).verify(org).await().atMost(WAIT);
    }

    @Test
    void madeItsKeyFileOnceForItsOwnerOnlyAndVerifiesEarlierCheckpointsAfterARestart() throws Exception {
        Path file = config.checkpoint().keyFile();
        assertTrue(Files.exists(file), "made at the first start: " + file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String org = pinnedChain();

        CheckpointSigner restarted = new CheckpointSigner(CheckpointKeys.load(file, config.checkpoint().generateIfMissing()));
        assertEquals(signer.keyId(), restarted.keyId());
        VerifyReport report = verifyWith(restarted, org);
        assertTrue(report.valid(), report.toString());
        assertTrue(report.checkpoint().matches());
        assertEquals(signer.keyId(), report.checkpoint().keyId());

        // What a key made afresh at every start (as before) sees: a checkpoint it cannot check, reported, not a 500.
        VerifyReport forgetful = verifyWith(new CheckpointSigner(CheckpointKeys.ephemeral()), org);
        assertFalse(forgetful.valid(), forgetful.toString());
        assertEquals(VerifyReport.CheckpointView.UNKNOWN_KEY_ID, forgetful.checkpoint().problem());
        assertEquals(new BrokenRecord(LENGTH, TrailTables.rows(org).get(LENGTH - 1).eventId(), BrokenRecord.CHECKPOINT_MISMATCH),
                forgetful.firstBroken());
    }

    @Test
    void verifiesTheRetiredKeysCheckpointsAfterARotationAndSignsWithTheNewKey(@TempDir Path dir) throws Exception {
        String org = pinnedChain();
        String retiredPublicBlock = CheckpointKeys.block("PUBLIC KEY",
                CheckpointKeys.load(config.checkpoint().keyFile(), false).publicKey(signer.keyId()).getEncoded());
        Path rotatedFile = dir.resolve("rotated.pem");
        Files.writeString(rotatedFile, CheckpointKeys.pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair())
                + "# retired\n" + retiredPublicBlock);
        CheckpointSigner rotated = new CheckpointSigner(CheckpointKeys.load(rotatedFile, false));
        assertNotEquals(signer.keyId(), rotated.keyId());

        VerifyReport before = verifyWith(rotated, org);
        assertTrue(before.valid(), before.toString());
        assertEquals(signer.keyId(), before.checkpoint().keyId(), "the latest checkpoint is the retired key's");
        assertTrue(before.checkpoint().matches());

        // The rotated service signs the head with its new key; both checkpoints are compared, the new one reported.
        var head = TrailTables.rows(org).get(LENGTH - 1);
        pool.withTransaction(connection -> trail.insertCheckpoints(connection, List.of(rotated.sign(org, head.seq(), head.hash()))))
                .await().atMost(WAIT);
        VerifyReport after = verifyWith(rotated, org);
        assertTrue(after.valid(), after.toString());
        assertEquals(rotated.keyId(), after.checkpoint().keyId());
        assertEquals(2, after.checkpointsChecked());
        // A service still on the old key (not rolled yet) keeps reporting its own checkpoint of the same head.
        VerifyReport old = verifyWith(signer, org);
        assertTrue(old.valid(), old.toString());
        assertEquals(signer.keyId(), old.checkpoint().keyId());
    }
}
