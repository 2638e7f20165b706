package io.connectors.config.benchmark;

import io.connectors.config.ConfigServiceProfile;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventType;
import io.connectors.platform.outbox.Outbox;
import io.connectors.platform.outbox.OutboxEvent;
import io.connectors.platform.testing.KafkaServer;
import io.connectors.platform.tenancy.TenantSql;
import io.connectors.platform.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Outbox commit-to-Kafka latency (issue 14): rows committed one transaction each at a steady 1,000 rows/s, each timed
 * from the moment its commit returned to the moment a consumer on the topic received it, through this service's own
 * relay (woken in-process when each commit returns). Beside it, the same-run baseline: the same rate sent straight to Kafka
 * by a producer (send to receive), which is what the broker and consumer cost without the outbox. Writes
 * {@code target/benchmark-results.tsv} rows for {@code ./suite bench}. On the functional tests' PostgreSQL (fsync
 * off): the latency measured starts after the commit, so durability settings touch only the relay's own bookkeeping.
 */
@Tag("benchmark")
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class OutboxLatencyBenchmarkIT {

    private static final Logger LOG = Logger.getLogger(OutboxLatencyBenchmarkIT.class);
    private static final String RESULTS = "target/benchmark-results.tsv";
    private static final int RATE = 1_000;
    private static final int WARM_UP_ROWS = 3_000;
    private static final int ROWS = 15_000;

    @Inject
    TenantSql sql;

    @Inject
    Outbox outbox;

    /** Rows per second the last measurement really committed or sent. */
    private double achieved;

    @Test
    void measuresCommitToKafkaLatencyAtAThousandRowsPerSecond() throws Exception {
        relayed(WARM_UP_ROWS);
        report("commit-to-kafka-1000-rows-s", "outbox commit to Kafka consumer, 1,000 rows/s, a commit each", relayed(ROWS));
        report("direct-send-1000-rows-s", "baseline: producer send to consumer, 1,000 records/s, no outbox", direct(ROWS));
    }

    /** Latencies (ms, sorted) of {@code rows} outbox rows, each committed in its own transaction at {@link #RATE}. */
    private double[] relayed(int rows) throws Exception {
        String topic = KafkaServer.SMOKE_PREFIX + "bench." + UUID.randomUUID();
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        String org = KeycloakServer.ACME_ORG;
        return measure(topic, rows, committedAt, index -> {
            EventEnvelope<Map<String, Integer>> event = EventEnvelope.of("/bench", EventType.v1("bench"), "subject",
                    org, Map.of("index", index));
            OutboxEvent row = outbox.event(topic, "key-" + (index % 64), event);
            // One transaction per row, in the org's scope, as a service's own change commits.
            sql.inOrg(org, connection -> outbox.append(connection, List.of(row)))
                    .subscribe().with(ignored -> committedAt.put(event.id(), System.nanoTime()),
                            failure -> LOG.errorf(failure, "benchmark row %d not committed", index));
        }, record -> idOf(record.value()));
    }

    /** Latencies (ms, sorted) of {@code rows} records sent straight to the broker at {@link #RATE}. */
    private double[] direct(int rows) throws Exception {
        String topic = KafkaServer.SMOKE_PREFIX + "bench-direct." + UUID.randomUUID();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Object> config = new HashMap<>(KafkaServer.get().clientConfig("config-service"));
        // As the relay sends (OutboxRelay: acks all, idempotent, linger 2 ms).
        config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            return measure(topic, rows, sentAt, index -> {
                String id = Integer.toString(index);
                sentAt.put(id, System.nanoTime());
                producer.send(new ProducerRecord<>(topic, "key-" + (index % 64), id));
            }, ConsumerRecord::value);
        }
    }

    /**
     * Starts a consumer on {@code topic}, runs {@code send} for 0..rows-1 at {@link #RATE}, and answers each record's
     * latency from {@code startedAt} (keyed by {@code idOf} the record) to its receipt, in ms, sorted.
     */
    private double[] measure(String topic, int rows, Map<String, Long> startedAt, Consumer<Integer> send,
                             Function<ConsumerRecord<String, String>, String> idOf) throws Exception {
        Map<String, Object> config = new HashMap<>(KafkaServer.get().clientConfig(KafkaServer.ADMIN));
        config.putAll(Map.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5));
        List<Double> latencies = new ArrayList<>(rows);
        long start;
        Map<String, Long> receivedAt = new HashMap<>(rows * 2);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            createTopic(topic);
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            consumer.poll(Duration.ZERO);
            ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
            long begin = System.nanoTime();
            start = begin;
            long periodNanos = 1_000_000_000L / RATE;
            int[] next = {0};
            sender.scheduleAtFixedRate(() -> {
                // Catch up on ticks the scheduler missed, so the rate holds on a busy machine.
                long due = Math.min(rows, (System.nanoTime() - begin) / periodNanos + 1);
                while (next[0] < due) {
                    send.accept(next[0]++);
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(rows / RATE + 60);
            while (receivedAt.size() < rows && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    receivedAt.put(idOf.apply(record), System.nanoTime());
                }
            }
            sender.shutdownNow();
        }
        assertEquals(rows, receivedAt.size(), "every row reached the topic");
        for (int wait = 0; startedAt.size() < rows && wait < 100; wait++) {
            Thread.sleep(50); // the last commits' callbacks, which may run after their rows arrived
        }
        assertEquals(rows, startedAt.size(), "every row's commit returned");
        // A record can arrive before its commit callback ran: the callback's time is then later than the receipt.
        receivedAt.forEach((id, received) -> latencies.add(Math.max(0, received - startedAt.get(id)) / 1e6));
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        // The rate the rows were really committed (or sent) at: below RATE, the database (or broker) fell behind.
        long last = startedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        achieved = rows / ((last - start) / 1e9);
        LOG.infof("outbox benchmark: %s: %d rows at %.0f/s (asked %d/s)", topic, rows, achieved, RATE);
        return sorted;
    }

    private static void createTopic(String topic) {
        KafkaServer.get().companion().topics().createAndWait(topic, 1, Duration.ofSeconds(30));
    }

    private static String idOf(String envelope) {
        int at = envelope.indexOf("\"id\":\"") + 6;
        return envelope.substring(at, envelope.indexOf('"', at));
    }

    private void report(String key, String label, double[] sorted) {
        double p50 = sorted[sorted.length / 2];
        double p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
        double max = sorted[sorted.length - 1];
        LOG.infof("outbox benchmark: %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d rows", label, p50, p99, max,
                sorted.length);
        String line = String.format(Locale.ROOT, "outbox\t%s\t%s\t%.0f\t%.1f\t%.1f\t0%n", key, label, achieved, p50, p99);
        try {
            Files.writeString(Path.of(RESULTS), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
