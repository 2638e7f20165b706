package io.connectors.audit;

import io.connectors.platform.testing.KafkaServer;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Stops the test broker and starts it again on the same port with the same data (cluster id, log directory, topics,
 * committed offsets). Works around platform-test's {@code KafkaServer.stop()/start()}: its restart builds a fresh
 * {@code EmbeddedKafkaBroker}, which formats a new log directory under a new cluster id, so topics and committed
 * offsets are gone (reported to the lead); remove once that is fixed.
 */
public final class BrokerRestart {

    private BrokerRestart() {
    }

    public static void outage(Runnable whileDown) {
        KafkaServer server = KafkaServer.get();
        try {
            Field brokerField = KafkaServer.class.getDeclaredField("broker");
            brokerField.setAccessible(true);
            synchronized (server) {
                EmbeddedKafkaBroker running = (EmbeddedKafkaBroker) brokerField.get(server);
                Map<String, Object> config = running.getKafkaConfig().originals();
                String clusterId = running.getClusterId();
                running.close();
                try {
                    whileDown.run();
                } finally {
                    EmbeddedKafkaBroker restarted = new EmbeddedKafkaBroker()
                            .withClusterId(clusterId)
                            .withAdditionalProperties(properties -> properties.putAll(config))
                            .withDeleteLogDirsOnClose(false)
                            .start();
                    brokerField.set(server, restarted);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("KafkaServer changed: adapt BrokerRestart", e);
        }
    }
}
