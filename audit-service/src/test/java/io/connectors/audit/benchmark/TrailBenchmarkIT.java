package io.connectors.audit.benchmark;

import io.connectors.audit.AuditRecords;
import io.connectors.audit.Eventually;
import io.connectors.audit.ingest.ChainAppender;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.verify.ChainVerifier;
import io.connectors.audit.verify.VerifyReport;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.testing.KafkaServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sustained ingest and verify rates on a durable PostgreSQL (every commit flushed), with 1, 4 and 64 orgs. Excluded from
 * the default build: {@code ./mvnw -B -o -pl audit-service verify -Pbenchmark} (or {@code ./suite bench}). Numbers are
 * logged ("audit benchmark: ...") and appended to {@value #RESULTS} for the bench charts; the test asserts only that
 * every record was stored once and the chains verify. Same-run baselines: the chain appender alone (no Kafka), and a
 * plain multi-row INSERT of the same rows into a copy of the table (no chain, no head, no hashing).
 */
@QuarkusTest
@TestProfile(AuditBenchmarkProfile.class)
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrailBenchmarkIT {

    private static final Logger LOG = Logger.getLogger(TrailBenchmarkIT.class);
    /** group, key, label, records/s, then the p50, p99 and failure columns other benchmarks fill. */
    static final String RESULTS = "target/benchmark-results.tsv";
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final int[] ORG_COUNTS = {1, 4, 64};
    private static final int TOPIC_RECORDS = 20_000;
    private static final int WARM_UP_RECORDS = 10_000;
    private static final int DIRECT_RECORDS = 40_000;
    /** Records per append call: a poll of 500 (the consumer polls up to 1,000 when behind). */
    private static final int DIRECT_BATCH = 500;
    private static final int VERIFY_RECORDS = 200_000;
    private static final int VERIFY_PASSES = 3;
    /** Passes not counted: a fresh JVM is still compiling the verify path (C2) through the first ones. */
    private static final int VERIFY_WARM_UP_PASSES = 3;
    private static final String COLUMNS = "event_id, seq, time, org_id, action, actor, target, outcome, details,"
            + " decision_id, trace_id, source_service, prev_hash, hash";

    @Inject
    ChainAppender appender;

    @Inject
    ChainVerifier verifier;

    @Inject
    KafkaClientService kafkaClients;

    @Inject
    Pool pool;

    @Test
    @Order(1)
    void measuresTopicToTrailWithProducingIncludedAndTheConsumerAlone() {
        // The JIT compilers and the broker's first segment: not measured.
        topicToTrail(orgs(4), WARM_UP_RECORDS, false);
        topicToTrail(orgs(64), WARM_UP_RECORDS, true);
        for (int orgCount : ORG_COUNTS) {
            List<String> orgs = orgs(orgCount);
            double endToEnd = topicToTrail(orgs, TOPIC_RECORDS, false);
            LOG.infof("audit benchmark: topic -> trail, %d records over %d orgs, producing included: %.0f records/s",
                    TOPIC_RECORDS, orgCount, endToEnd);
            record("end-to-end-" + orgCount + "-orgs", "topic to trail, " + label(orgCount) + ", producing included", endToEnd);
        }
        for (int orgCount : ORG_COUNTS) {
            List<String> orgs = orgs(orgCount);
            double consumer = topicToTrail(orgs, TOPIC_RECORDS, true);
            LOG.infof("audit benchmark: topic -> trail, %d records over %d orgs, consumer alone (backlog on the topic):"
                    + " %.0f records/s", TOPIC_RECORDS, orgCount, consumer);
            record("consumer-" + orgCount + "-orgs", "topic to trail, " + label(orgCount) + ", consumer alone", consumer);
        }
    }

    @Test
    @Order(2)
    void measuresTheChainAppenderAloneBesideAPlainInsertOfTheSameRows() throws SQLException {
        createPlainTable();
        for (int orgCount : ORG_COUNTS) {
            List<String> orgs = orgs(orgCount);
            long[] cpu = cpuNanos();
            double chained = timed(DIRECT_RECORDS, () -> Multi.createFrom().range(0, DIRECT_RECORDS / DIRECT_BATCH)
                    .onItem().transformToUniAndConcatenate(batch -> appendBatch(batch(orgs, batch)))
                    .collect().last());
            assertEquals(DIRECT_RECORDS, stored(orgs), "each record once");
            LOG.infof("audit benchmark: appender alone, %d orgs, batches of %d: %.0f records/s (%s)", orgCount, DIRECT_BATCH,
                    chained, cpuPerRecord(cpu, DIRECT_RECORDS));
            record("appender-" + orgCount + "-orgs", "appender alone, " + label(orgCount), chained);

            List<String> plainOrgs = orgs(orgCount);
            Map<String, Long> seqs = new HashMap<>();
            long[] plainCpu = cpuNanos();
            double plain = timed(DIRECT_RECORDS, () -> Multi.createFrom().range(0, DIRECT_RECORDS / DIRECT_BATCH)
                    .onItem().transformToUniAndConcatenate(batch -> plainInsert(batch(plainOrgs, batch), seqs))
                    .collect().last());
            LOG.infof("audit benchmark: plain INSERT of the same rows (no chain), %d orgs, batches of %d: %.0f records/s (%s)",
                    orgCount, DIRECT_BATCH, plain, cpuPerRecord(plainCpu, DIRECT_RECORDS));
            record("plain-insert-" + orgCount + "-orgs", "baseline: plain INSERT, no chain, " + label(orgCount), plain);
        }
    }

    @Test
    @Order(3)
    void measuresVerifyOfALongChain() {
        String org = UUID.randomUUID().toString();
        List<String> one = List.of(org);
        Multi.createFrom().range(0, VERIFY_RECORDS / DIRECT_BATCH)
                .onItem().transformToUniAndConcatenate(batch -> appendBatch(batch(one, batch)))
                .collect().last().await().atMost(WAIT);
        double best = 0;
        for (int pass = 1 - VERIFY_WARM_UP_PASSES; pass <= VERIFY_PASSES; pass++) {
            long[] cpu = cpuNanos();
            long start = System.nanoTime();
            VerifyReport report = verifier.verify(org).await().atMost(WAIT);
            double rate = VERIFY_RECORDS / ((System.nanoTime() - start) / 1e9);
            assertTrue(report.valid(), report.toString());
            assertEquals(VERIFY_RECORDS, report.recordsChecked());
            LOG.infof("audit benchmark: verify pass %d, %d records: %.0f records/s (%s)%s", pass, VERIFY_RECORDS, rate,
                    cpuPerRecord(cpu, VERIFY_RECORDS), pass <= 0 ? " (warm-up, not counted)" : "");
            if (pass > 0) {
                best = Math.max(best, rate);
            }
        }
        record("verify", "verify, 1 org of " + VERIFY_RECORDS + " records (best of " + VERIFY_PASSES + " after "
                + VERIFY_WARM_UP_PASSES + " warm-up passes)", best);
    }

    /**
     * Puts {@code count} records on the topic, round-robin over {@code orgs}, and waits until all are chained; answers
     * records/s from the first record produced. With {@code backlog}, the consumer is paused while producing, so the
     * rate is the consumer's alone, from its resumption.
     */
    private double topicToTrail(List<String> orgs, int count, boolean backlog) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(AuditRecords.onTopic(AuditRecords.envelope(orgs.get(i % orgs.size()), AuditActions.CONNECTOR_EXECUTED)));
        }
        var consumer = kafkaClients.getConsumer(Topics.AUDIT);
        if (backlog) {
            consumer.pause().await().atMost(WAIT);
        }
        long[] cpu = cpuNanos();
        long start = System.nanoTime();
        produce(records);
        long produced = System.nanoTime();
        if (backlog) {
            assertEquals(0, stored(orgs), "the consumer stays paused while producing");
            cpu = cpuNanos();
            start = System.nanoTime();
            consumer.resume().await().atMost(WAIT);
        }
        Eventually.await(WAIT, () -> stored(orgs), n -> n >= count, "every record stored");
        long end = System.nanoTime();
        assertEquals(count, stored(orgs), "each record once");
        LOG.infof("audit benchmark: (%d orgs%s: producing %d records took %.1f s; chained %.1f s after the start; %s)",
                orgs.size(), backlog ? ", consumer alone" : "", count, backlog ? 0 : (produced - start) / 1e9,
                (end - start) / 1e9, cpuPerRecord(cpu, count));
        return count / ((end - start) / 1e9);
    }

    /**
     * Sends as a service's outbox relay does (a plain producer, acks from all replicas, sends in flight together), not
     * through the test companion, whose per-record stream operators cost more CPU than the consumer being measured.
     */
    private static void produce(List<ProducerRecord<String, String>> records) {
        // As a producing service, authenticated as its own principal.
        Map<String, Object> config = new HashMap<>(KafkaServer.get().clientConfig("execution-service"));
        config.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            records.forEach(record -> sent.add(producer.send(record)));
            producer.flush();
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * CPU time used so far by this JVM (broker, producer, service and test) and by the benchmark's PostgreSQL (the
     * postmaster and its live processes): the machine is shared, so records/s alone varies with the neighbours, and
     * CPU per record says what a measurement cost whatever they did meanwhile.
     */
    private static long[] cpuNanos() {
        long jvm = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        long postgres = 0;
        try {
            long pid = Long.parseLong(Files.readAllLines(Path.of(System.getProperty(DurablePostgres.PID_FILE_PROPERTY))).get(0).trim());
            postgres = ProcessHandle.of(pid).stream().flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                    .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("No PostgreSQL CPU figure: %s", e.toString());
        }
        return new long[] {jvm, postgres};
    }

    private static String cpuPerRecord(long[] before, int records) {
        long[] after = cpuNanos();
        return String.format(Locale.ROOT, "CPU per record: JVM %.1f us, PostgreSQL %.1f us", (after[0] - before[0]) / 1e3 / records,
                (after[1] - before[1]) / 1e3 / records);
    }

    /** Appends one poll's batch (any number of orgs) as the consumer does. */
    private Uni<Void> appendBatch(List<ChainRecord> batch) {
        return appender.append(batch).replaceWithVoid();
    }

    /** The same rows in one multi-row INSERT per batch, one transaction per batch: what storing them costs unchained. */
    private Uni<Void> plainInsert(List<ChainRecord> batch, Map<String, Long> seqs) {
        int n = batch.size();
        String[] eventIds = new String[n], orgIds = new String[n], actions = new String[n], actors = new String[n],
                targets = new String[n], outcomes = new String[n], details = new String[n], decisions = new String[n],
                traces = new String[n], sources = new String[n], prevHashes = new String[n], hashes = new String[n];
        Long[] seq = new Long[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String hash = "f".repeat(64);
        for (int i = 0; i < n; i++) {
            ChainRecord r = batch.get(i);
            eventIds[i] = r.eventId();
            seq[i] = seqs.merge(r.orgId(), 1L, Long::sum);
            times[i] = OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC);
            orgIds[i] = r.orgId();
            actions[i] = r.action();
            actors[i] = r.actor();
            targets[i] = r.target();
            outcomes[i] = r.outcome();
            details[i] = r.details();
            decisions[i] = r.decisionId();
            traces[i] = r.traceId();
            sources[i] = r.sourceService();
            prevHashes[i] = hash;
            hashes[i] = hash;
        }
        Tuple args = Tuple.tuple(List.of(eventIds, seq, times, orgIds, actions, actors, targets, outcomes, details,
                decisions, traces, sources, prevHashes, hashes));
        return pool.withTransaction(connection -> connection.preparedQuery("insert into audit_records_plain (" + COLUMNS
                        + ") select * from unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[],"
                        + " $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],"
                        + " $13::text[], $14::text[])")
                .execute(args))
                .replaceWithVoid();
    }

    private static List<ChainRecord> batch(List<String> orgs, int batchNumber) {
        List<ChainRecord> batch = new ArrayList<>(DIRECT_BATCH);
        for (int i = 0; i < DIRECT_BATCH; i++) {
            String org = orgs.get((batchNumber * DIRECT_BATCH + i) % orgs.size());
            batch.add(new ChainRecord(UUID.randomUUID().toString(), 0, Instant.now().truncatedTo(ChronoUnit.MICROS), org,
                    AuditActions.CONNECTOR_EXECUTED,
                    "{\"roles\":[\"deployer\"],\"subject\":\"sub-1\",\"type\":\"user\",\"username\":\"acme-deployer\"}",
                    "{\"connector_id\":\"c-1\",\"id\":\"x-" + i + "\",\"type\":\"execution\"}", "success",
                    "{\"operation\":\"hosts:read\",\"status\":200}", null, null, "execution-service", null, null));
        }
        return batch;
    }

    private static double timed(int records, java.util.function.Supplier<Uni<?>> work) {
        long start = System.nanoTime();
        work.get().await().atMost(WAIT);
        return records / ((System.nanoTime() - start) / 1e9);
    }

    private static List<String> orgs(int count) {
        return IntStream.range(0, count).mapToObj(i -> UUID.randomUUID().toString()).toList();
    }

    private static String label(int orgCount) {
        return orgCount == 1 ? "1 org" : orgCount + " orgs";
    }

    private static void record(String key, String label, double perSecond) {
        String line = String.format(Locale.ROOT, "audit\t%s\t%s\t%.0f\t-\t-\t0%n", key, label, perSecond);
        try {
            Files.writeString(Path.of(RESULTS), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records chained in {@code orgs}: the sum of their heads, read as the owner in one query (which the owner may do
     * for heads, see the migration), so polling it costs the database one statement rather than one transaction per org.
     */
    private static long stored(List<String> orgs) {
        try (Connection owner = owner();
             PreparedStatement query = owner.prepareStatement(
                     "select coalesce(sum(seq), 0) from audit_chain_heads where org_id = any (?)")) {
            query.setArray(1, owner.createArrayOf("text", orgs.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of audit_records (columns, generated columns, keys, indexes) without its chain, triggers or policies. */
    private static void createPlainTable() throws SQLException {
        Config config = ConfigProvider.getConfig();
        try (Connection owner = owner(); Statement statement = owner.createStatement()) {
            statement.execute("create table if not exists audit_records_plain (like audit_records including all)");
            statement.execute("grant select, insert on audit_records_plain to "
                    + config.getValue("quarkus.datasource.username", String.class));
        }
    }

    private static Connection owner() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class),
                config.getValue("quarkus.flyway.password", String.class));
    }
}
