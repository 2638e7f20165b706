package io.connectors.audit.benchmark;

import io.connectors.audit.AuditRecords;
import io.connectors.audit.Eventually;
import io.connectors.audit.ingest.ChainAppender;
import io.connectors.audit.trail.ChainHead;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.trail.TrailRepository;
import io.connectors.audit.verify.ChainVerifier;
import io.connectors.audit.verify.VerifyReport;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.tenancy.TenantSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sustained append and verify rates on a durable PostgreSQL (every commit flushed). Excluded from the default build:
 * {@code ./mvnw -B -o -pl audit-service verify -Pbenchmark} (or {@code ./suite bench}). Numbers are logged ("audit
 * benchmark: ...") and appended to {@value #RESULTS} for the bench charts; the test asserts only that every record was
 * stored once and the chains verify.
 */
@QuarkusTest
@TestProfile(AuditBenchmarkProfile.class)
@Tag("benchmark")
class TrailBenchmarkIT {

    private static final Logger LOG = Logger.getLogger(TrailBenchmarkIT.class);
    /** group, key, label, records/s, then the p50, p99 and failure columns other benchmarks fill. */
    static final String RESULTS = "target/benchmark-results.tsv";
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final int ORGS = 4;
    private static final int END_TO_END_RECORDS = 20_000;
    private static final int DIRECT_RECORDS_PER_ORG = 10_000;
    private static final int DIRECT_BATCH = 500;

    @Inject
    ChainAppender appender;

    @Inject
    ChainVerifier verifier;

    @Inject
    TenantSessions sessions;

    @Inject
    TrailRepository trail;

    @Test
    void measuresSustainedAppendThroughTheTopicAndVerifyRate() {
        List<String> orgs = IntStream.range(0, ORGS).mapToObj(i -> UUID.randomUUID().toString()).toList();
        List<ProducerRecord<String, String>> records = new ArrayList<>(END_TO_END_RECORDS);
        for (int i = 0; i < END_TO_END_RECORDS; i++) {
            records.add(AuditRecords.onTopic(AuditRecords.envelope(orgs.get(i % ORGS), AuditActions.CONNECTOR_EXECUTED)));
        }
        long start = System.nanoTime();
        AuditRecords.produce(records);
        long produced = System.nanoTime();
        long storedWhenProduced = storedIn(orgs);
        Eventually.await(WAIT, () -> storedIn(orgs), n -> n >= END_TO_END_RECORDS, "every record stored");
        long end = System.nanoTime();
        assertEquals(END_TO_END_RECORDS, storedIn(orgs), "each record once");
        double endToEnd = END_TO_END_RECORDS / ((end - start) / 1e9);
        double consumerOnly = (END_TO_END_RECORDS - storedWhenProduced) / ((end - produced) / 1e9);
        LOG.infof("audit benchmark: topic -> trail, %d records over %d orgs in %.1f s = %.0f records/s (produce included;"
                        + " producing took %.1f s, after which the consumer stored the remaining %d at %.0f records/s)",
                END_TO_END_RECORDS, ORGS, (end - start) / 1e9, endToEnd, (produced - start) / 1e9,
                END_TO_END_RECORDS - storedWhenProduced, consumerOnly);
        record("end-to-end", "topic to trail, 4 orgs, producing included", endToEnd);
        record("consumer", "topic to trail, consumer after producing", consumerOnly);

        long verifyStart = System.nanoTime();
        long checked = 0;
        for (String org : orgs) {
            VerifyReport report = verifier.verify(org).await().atMost(WAIT);
            assertTrue(report.valid(), report.toString());
            checked += report.recordsChecked();
        }
        double verifySeconds = (System.nanoTime() - verifyStart) / 1e9;
        assertEquals(END_TO_END_RECORDS, checked);
        LOG.infof("audit benchmark: verify, %d records in %.1f s = %.0f records/s", checked, verifySeconds,
                checked / verifySeconds);
        record("verify", "verify (recompute every hash)", checked / verifySeconds);
    }

    @Test
    void measuresSustainedAppendOfTheChainAppenderAlone() {
        String single = UUID.randomUUID().toString();
        double oneOrg = appendBatches(List.of(single));
        LOG.infof("audit benchmark: appender, 1 org, batches of %d: %d records at %.0f records/s", DIRECT_BATCH,
                DIRECT_RECORDS_PER_ORG, oneOrg);
        record("appender-1-org", "appender, 1 org", oneOrg);

        List<String> orgs = IntStream.range(0, ORGS).mapToObj(i -> UUID.randomUUID().toString()).toList();
        double parallel = appendBatches(orgs);
        LOG.infof("audit benchmark: appender, %d orgs in parallel, batches of %d: %d records at %.0f records/s", ORGS,
                DIRECT_BATCH, ORGS * DIRECT_RECORDS_PER_ORG, parallel);
        record("appender-4-orgs", "appender, 4 orgs in parallel", parallel);
        assertEquals((long) (ORGS + 1) * DIRECT_RECORDS_PER_ORG, storedIn(orgs) + storedIn(List.of(single)));
    }

    /** Appends DIRECT_RECORDS_PER_ORG records to each org (orgs in parallel, batches in order); answers records/s. */
    private double appendBatches(List<String> orgs) {
        long start = System.nanoTime();
        Uni.join().all(orgs.stream().map(org -> Multi.createFrom().range(0, DIRECT_RECORDS_PER_ORG / DIRECT_BATCH)
                        .onItem().transformToUniAndConcatenate(batch -> appender.append(org, batch(org)))
                        .collect().asList()).toList())
                .andFailFast().await().atMost(WAIT);
        return orgs.size() * DIRECT_RECORDS_PER_ORG / ((System.nanoTime() - start) / 1e9);
    }

    private static List<ChainRecord> batch(String org) {
        List<ChainRecord> batch = new ArrayList<>(DIRECT_BATCH);
        for (int i = 0; i < DIRECT_BATCH; i++) {
            batch.add(new ChainRecord(UUID.randomUUID().toString(), 0, Instant.now().truncatedTo(ChronoUnit.MICROS), org,
                    AuditActions.CONNECTOR_EXECUTED,
                    "{\"roles\":[\"deployer\"],\"subject\":\"sub-1\",\"type\":\"user\",\"username\":\"acme-deployer\"}",
                    "{\"connector_id\":\"c-1\",\"id\":\"x-" + i + "\",\"type\":\"execution\"}", "success",
                    "{\"operation\":\"hosts:read\",\"status\":200}", null, null, "execution-service", null, null));
        }
        return batch;
    }

    private static void record(String key, String label, double perSecond) {
        String line = String.format(Locale.ROOT, "audit\t%s\t%s\t%.0f\t-\t-\t0%n", key, label, perSecond);
        try {
            Files.writeString(Path.of(RESULTS), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long storedIn(List<String> orgs) {
        return orgs.stream().mapToLong(org -> sessions.inOrg(org, session -> trail.head(session, org))
                .map(ChainHead::seq).await().atMost(WAIT)).sum();
    }
}
