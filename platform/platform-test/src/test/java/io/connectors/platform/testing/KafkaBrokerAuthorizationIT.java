package io.connectors.platform.testing;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker of the tests and of the local stack (deploy/local/kafka: server.properties, principals.tsv) lets only
 * authenticated principals in, and each only to its own topics and groups: the approval bypass of issue 13 (anyone
 * publishing a "granted" approval) is refused at the broker.
 */
class KafkaBrokerAuthorizationIT {

    private static final String APPROVALS = "connectors.approvals.v1";

    private final KafkaServer kafka = KafkaServer.get();

    @Test
    void anUnauthenticatedProducerCannotPublishAnApproval() {
        Map<String, Object> plain = new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> send(plain, APPROVALS));
        // The SASL listener never answers a plaintext client's requests: it waits for metadata in vain.
        assertTrue(refused.getCause() instanceof TimeoutException, refused.getCause().toString());
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> wrong = KafkaPrincipals.clientConfig(kafka.bootstrapServers(), "policy-service", "not-its-password");
        ExecutionException refused = assertThrows(ExecutionException.class, () -> send(wrong, APPROVALS));
        assertTrue(refused.getCause() instanceof SaslAuthenticationException, refused.getCause().toString());
    }

    @Test
    void onlyPolicyServiceMayPublishApprovals() throws Exception {
        for (String other : List.of("config-service", "execution-service", "audit-service")) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> send(kafka.clientConfig(other), APPROVALS),
                    other + " must not publish approvals");
            assertTrue(refused.getCause() instanceof TopicAuthorizationException, other + ": " + refused.getCause());
        }
        RecordMetadata sent = send(kafka.clientConfig("policy-service"), APPROVALS);
        assertEquals(APPROVALS, sent.topic());
    }

    @Test
    void onlyExecutionServiceMayRequestExecutions() throws Exception {
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> send(kafka.clientConfig("policy-service"), "connectors.execution-requests.v1"));
        assertTrue(refused.getCause() instanceof TopicAuthorizationException, refused.getCause().toString());
        assertEquals("connectors.execution-requests.v1",
                send(kafka.clientConfig("execution-service"), "connectors.execution-requests.v1").topic());
    }

    @Test
    void aServiceCannotReadAsAnotherServicesGroup() {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig("audit-service"));
        config.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "execution-service",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of("connectors.audit.v1"));
            KafkaException refused = assertThrows(KafkaException.class, () -> {
                for (int i = 0; i < 20; i++) {
                    consumer.poll(Duration.ofMillis(500));
                }
            });
            assertTrue(refused instanceof GroupAuthorizationException, refused.toString());
        }
    }

    @Test
    void aServiceCannotCreateTopics() {
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> send(kafka.clientConfig("policy-service"), "connectors.not-a-topic.v1"));
        assertTrue(refused.getCause() instanceof TopicAuthorizationException, refused.getCause().toString());
    }

    private static RecordMetadata send(Map<String, Object> client, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.putAll(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            return producer.send(new ProducerRecord<>(topic, "key", "{\"status\":\"granted\"}")).get();
        }
    }
}
