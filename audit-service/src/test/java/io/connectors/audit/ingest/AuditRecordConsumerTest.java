package io.connectors.audit.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.audit.AuditConfig;
import io.connectors.audit.schema.AuditRecordSchema;
import io.connectors.audit.trail.ChainRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The consumer's batch pipeline alone, with the chain appender replaced: batches are stored in the order consumed,
 * each acknowledged after its store, and a stored batch is not kept reachable by the ones after it (5d30ccf: a memoized
 * Uni linking each batch to the one before kept every batch with its records, and audit-service ran out of heap in
 * the execute benchmark after ~115,000 records).
 */
class AuditRecordConsumerTest {

    private static final String ORG = RecordParserTest.ORG;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<String> stored = Collections.synchronizedList(new ArrayList<>());
    private final AuditRecordConsumer consumer = new AuditRecordConsumer(
            new RecordParser(new AuditRecordSchema(), MAPPER), new RecordingAppender(stored), new DeadLetters(null),
            new IngestMetrics(new SimpleMeterRegistry()), new Config());

    @Test
    void storesBatchesInTheOrderConsumedAndAcknowledgesEachAfterItsStore() {
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Batch batch = batch(3);
            batches.add(batch);
            consumer.consume(batch).await().atMost(Duration.ofSeconds(10));
        }
        drain();
        List<String> expected = batches.stream().flatMap(batch -> batch.eventIds.stream()).toList();
        assertEquals(expected, stored);
        batches.forEach(batch -> assertEquals(1, batch.acks.get(), "each batch acknowledged once"));
    }

    @Test
    void aStoredBatchIsNotKeptReachableByTheBatchesAfterIt() throws InterruptedException {
        WeakReference<Batch> first = firstOfMany(50);
        for (int attempt = 0; attempt < 20 && first.get() != null; attempt++) {
            System.gc();
            Thread.sleep(50);
        }
        assertNull(first.get(), "the first batch (and its records) stays reachable after 49 later batches were stored");
    }

    /** Consumes {@code count} batches and answers a weak reference to the first: nothing here keeps it. */
    private WeakReference<Batch> firstOfMany(int count) {
        Batch firstBatch = batch(20);
        WeakReference<Batch> first = new WeakReference<>(firstBatch);
        consumer.consume(firstBatch).await().atMost(Duration.ofSeconds(10));
        firstBatch = null;
        for (int i = 1; i < count; i++) {
            consumer.consume(batch(20)).await().atMost(Duration.ofSeconds(10));
        }
        drain();
        assertEquals(count * 20, stored.size());
        return first;
    }

    /** The last batch is stored after its call returned: one more empty batch waits for it. */
    private void drain() {
        consumer.consume(new Batch(List.of(), List.of())).await().atMost(Duration.ofSeconds(10));
    }

    private static Batch batch(int size) {
        List<KafkaRecord<String, String>> records = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            records.add(KafkaRecord.of(ORG, RecordParserTest.envelope().replace("0b6c9a9e-3f43-4c39-9a52-6a2f0d0b8e11", id)));
        }
        return new Batch(records, ids);
    }

    /** Chains nothing: remembers the event ids it was given, in order, and answers them as newly chained. */
    private static final class RecordingAppender extends ChainAppender {

        private final List<String> stored;

        RecordingAppender(List<String> stored) {
            super(null, null, null);
            this.stored = stored;
        }

        @Override
        public Uni<List<ChainRecord>> append(List<ChainRecord> records) {
            records.forEach(record -> stored.add(record.eventId()));
            return Uni.createFrom().item(records);
        }
    }

    private static final class Batch implements KafkaRecordBatch<String, String> {

        private final List<KafkaRecord<String, String>> records;
        private final List<String> eventIds;
        private final AtomicInteger acks = new AtomicInteger();

        Batch(List<KafkaRecord<String, String>> records, List<String> eventIds) {
            this.records = records;
            this.eventIds = eventIds;
        }

        @Override
        public List<KafkaRecord<String, String>> getRecords() {
            return records;
        }

        @Override
        public Map<TopicPartition, KafkaRecord<String, String>> getLatestOffsetRecords() {
            return Map.of();
        }

        @Override
        public List<String> getPayload() {
            return records.stream().map(KafkaRecord::getPayload).toList();
        }

        @Override
        public Iterator<KafkaRecord<String, String>> iterator() {
            return records.iterator();
        }

        @Override
        public CompletionStage<Void> ack() {
            acks.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }
    }

    private static final class Config implements AuditConfig {

        @Override
        public Checkpoint checkpoint() {
            throw new UnsupportedOperationException("not read by the consumer");
        }

        @Override
        public Ingest ingest() {
            return () -> Duration.ofMillis(100);
        }

        @Override
        public int pageSize() {
            return 1000;
        }

        @Override
        public int verifyPageSize() {
            return 5000;
        }

        @Override
        public OptionalInt verifyThreads() {
            return OptionalInt.empty();
        }

        @Override
        public int verifyReadAhead() {
            return 2;
        }
    }
}
