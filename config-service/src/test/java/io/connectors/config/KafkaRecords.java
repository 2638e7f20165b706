package io.connectors.config;

import io.connectors.platform.testing.KafkaServer;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.function.Predicate;

/** Reads a topic from its beginning until records matching a condition have arrived. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    /** Every record of {@code topic} matching {@code match}, once at least {@code count} of them arrived. */
    public static List<ConsumerRecord<String, String>> await(String topic, int count,
                                                            Predicate<ConsumerRecord<String, String>> match) {
        ConsumerTask<String, String> task = KafkaServer.get().companion().consumeStrings().fromTopics(topic);
        try {
            return Eventually.await(count + " record(s) on " + topic,
                    () -> task.getRecords().stream().filter(match).toList(), found -> found.size() >= count);
        } finally {
            task.stop();
        }
    }

    /** Records of {@code topic} with this key (a connector's id). */
    public static List<ConsumerRecord<String, String>> withKey(String topic, String key, int count) {
        return await(topic, count, record -> key.equals(record.key()));
    }

    /** Records of {@code topic} whose value mentions {@code text} (e.g. the audit records of a connector). */
    public static List<ConsumerRecord<String, String>> mentioning(String topic, String text, int count) {
        return await(topic, count, record -> record.value() != null && record.value().contains(text));
    }
}
