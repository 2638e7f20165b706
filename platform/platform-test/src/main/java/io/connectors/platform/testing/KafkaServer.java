package io.connectors.platform.testing;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import java.util.Map;

/**
 * A real single-node KRaft Kafka broker in the test JVM, started once and shared by the JVM's tests. It can be stopped
 * and started again on the same port with its data kept, so tests can prove that nothing is lost across an outage.
 */
public final class KafkaServer {

    private static KafkaServer instance;

    private final int port;
    private EmbeddedKafkaBroker broker;
    /** What a restart needs to come back as the same cluster, with its topics and committed offsets. */
    private String clusterId;
    private Map<String, Object> brokerConfig;

    private KafkaServer(int port) {
        this.port = port;
    }

    public static synchronized KafkaServer get() {
        if (instance == null) {
            instance = new KafkaServer(Ports.free());
            instance.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> instance.close(true), "kafka-stop"));
        }
        return instance;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** A companion client for producing, consuming and administering topics in tests. */
    public KafkaCompanion companion() {
        return new KafkaCompanion(bootstrapServers());
    }

    /** Runs {@code whileDown} during a broker outage, then brings the same broker back (same port, cluster and data). */
    public void outage(Runnable whileDown) {
        stop();
        try {
            whileDown.run();
        } finally {
            start();
        }
    }

    /** Simulates a broker outage: clients get connection errors until {@link #start()}. */
    public synchronized void stop() {
        if (broker != null) {
            // A running broker refuses reconfiguration: its logs are kept because it was started that way.
            clusterId = broker.getClusterId();
            brokerConfig = broker.getKafkaConfig().originals();
            broker.close();
            broker = null;
        }
    }

    public synchronized void start() {
        if (broker == null) {
            broker = clusterId == null
                    ? new EmbeddedKafkaBroker()
                            .withNodeId(1)
                            .withKafkaHost("127.0.0.1")
                            .withKafkaPort(port)
                            .withDeleteLogDirsOnClose(false)
                            .start()
                    // A fresh broker would format a new log directory under a new cluster id: reuse both.
                    : new EmbeddedKafkaBroker()
                            .withClusterId(clusterId)
                            .withAdditionalProperties(properties -> properties.putAll(brokerConfig))
                            .withDeleteLogDirsOnClose(false)
                            .start();
        }
    }

    private synchronized void close(boolean deleteData) {
        if (broker != null) {
            broker.withDeleteLogDirsOnClose(deleteData).close();
            broker = null;
        }
    }
}
