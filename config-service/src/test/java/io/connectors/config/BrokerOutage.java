package io.connectors.config;

import io.connectors.platform.testing.KafkaServer;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Stops the test broker, runs something while it is down, and starts it again on the same port with the same cluster
 * id and data. Works around {@code KafkaServer.stop()}, which throws on a running broker (it reconfigures it before
 * closing); remove once platform-test is fixed (reported to the lead).
 */
public final class BrokerOutage {

    private BrokerOutage() {
    }

    public static void during(Runnable whileDown) {
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
                    brokerField.set(server, new EmbeddedKafkaBroker()
                            .withClusterId(clusterId)
                            .withAdditionalProperties(properties -> properties.putAll(config))
                            .withDeleteLogDirsOnClose(false)
                            .start());
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("KafkaServer changed: adapt BrokerOutage", e);
        }
    }
}
