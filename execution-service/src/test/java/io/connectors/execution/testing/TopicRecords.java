package io.connectors.execution.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.testing.KafkaServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads a topic from its beginning, as an analyst's consumer would, until the records a test expects are there. */
public final class TopicRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TopicRecords() {
    }

    /** Values (parsed) of the records matching {@code filter}, once there are at least {@code count}. */
    public static List<JsonNode> await(String topic, Predicate<ConsumerRecord<String, String>> filter, int count) {
        return awaitRaw(topic, filter, count).stream().map(TopicRecords::parse).toList();
    }

    /** Values as produced, for records that need not be JSON at all (dead-lettered poison). */
    public static List<String> awaitRaw(String topic, Predicate<ConsumerRecord<String, String>> filter, int count) {
        return Eventually.until(() -> read(topic, filter), records -> records.size() >= count,
                count + " record(s) on " + topic);
    }

    private static List<String> read(String topic, Predicate<ConsumerRecord<String, String>> filter) {
        Map<String, Object> config = new HashMap<>(KafkaServer.get().clientConfig(KafkaServer.ADMIN));
        config.putAll(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (filter.test(record)) {
                        values.add(record.value());
                    }
                }
            }
            return values;
        }
    }

    private static JsonNode parse(String value) {
        try {
            return value == null ? null : JSON.readTree(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
