package io.connectors.config.events;

import io.connectors.platform.testing.KafkaServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.connectors.config.ConfigServiceProfile;
import io.connectors.config.Eventually;
import io.connectors.config.KafkaRecords;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.platform.testing.RealServers;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.RepoFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.connectors.config.Api.CONNECTORS;
import static io.connectors.config.Api.JSON;
import static io.connectors.config.Api.as;
import static io.connectors.config.Api.createId;
import static io.connectors.config.Api.crowdstrike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every change publishes a config event and an audit record through the outbox, also across a Kafka outage. */
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class ConfigEventsIT {

    @Inject
    SecretCipher cipher;

    @Test
    void publishesAConfigEventValidAgainstItsSchemaWithTheCredentialsOnlyEncrypted() throws IOException {
        String id = createId("acme-admin", crowdstrike(UUID.randomUUID(), "event-secret-value"));

        JsonNode event = JSON.readTree(KafkaRecords.withKey(Topics.CONFIG, id, 1).get(0).value());

        assertEquals(List.of(), List.copyOf(schema("config.changed.v1.json").validate(event)), event.toString());
        JsonNode data = event.get("data");
        assertEquals(id, data.get("id").asText());
        assertEquals(KeycloakServer.ACME_ORG, event.get("orgid").asText());
        assertEquals(1, data.get("credentials_version").asInt());
        String envelope = data.get("credentials_ciphertext").asText();
        byte[] plaintext = cipher.decrypt(KeycloakServer.ACME_ORG, id, envelope).await().atMost(Duration.ofSeconds(5));
        assertEquals("event-secret-value",
                JSON.readTree(new String(plaintext, StandardCharsets.UTF_8)).get("client_secret").asText());
    }

    @Test
    void publishesAnUpdateAndATombstoneOnDelete() throws IOException {
        String id = createId("acme-admin", crowdstrike());
        as("acme-admin").body("{\"enabled\": false}").patch(CONNECTORS + "/" + id).then().statusCode(200);
        as("acme-admin").delete(CONNECTORS + "/" + id).then().statusCode(204);

        // The relay does not keep the order of one key's records yet (reported), so look them up by content.
        List<ConsumerRecord<String, String>> records = KafkaRecords.withKey(Topics.CONFIG, id, 3);
        JsonNode updated = records.stream().filter(record -> record.value() != null).map(ConfigEventsIT::read)
                .filter(event -> event.at("/data/version").asInt() == 2).findFirst().orElseThrow();
        assertEquals(false, updated.at("/data/enabled").asBoolean(true));
        assertEquals(1, records.stream().filter(record -> record.value() == null).count(), "a deletion is a tombstone");
    }

    @Test
    void auditsEveryChangeWithTheTypeAndOperationsButNoCredentials() throws IOException {
        String id = createId("acme-deployer", crowdstrike(UUID.randomUUID(), "audited-secret-value"));
        as("acme-deployer").body("{\"permitted_operations\": [\"hosts:read\"]}").patch(CONNECTORS + "/" + id)
                .then().statusCode(200);
        as("acme-deployer").delete(CONNECTORS + "/" + id).then().statusCode(204);

        List<ConsumerRecord<String, String>> records = KafkaRecords.mentioning(Topics.AUDIT, id, 3);
        Map<String, JsonNode> byAction = records.stream().map(ConfigEventsIT::read)
                .collect(Collectors.toMap(event -> event.at("/data/action").asText(), event -> event.get("data")));
        assertEquals(Set.of(AuditActions.CONNECTOR_CREATED, AuditActions.CONNECTOR_UPDATED,
                AuditActions.CONNECTOR_DELETED), byAction.keySet());
        JsonNode created = byAction.get(AuditActions.CONNECTOR_CREATED);
        assertEquals("acme-deployer", created.at("/actor/username").asText());
        assertEquals("connector", created.at("/target/type").asText());
        assertEquals(id, created.at("/target/id").asText());
        assertEquals("crowdstrike", created.at("/details/connector_type").asText());
        assertEquals("detections:read", created.at("/details/permitted_operations/0").asText());
        assertEquals("[\"permitted_operations\"]",
                byAction.get(AuditActions.CONNECTOR_UPDATED).at("/details/changed_fields").toString());
        assertEquals("crowdstrike", byAction.get(AuditActions.CONNECTOR_DELETED).at("/details/connector_type").asText());
        records.forEach(record -> assertTrue(!record.value().contains("audited-secret-value")
                && !record.value().contains("credentials_ciphertext"), record.value()));
    }

    @Test
    void deliversAChangeMadeWhileKafkaIsDownOnceItIsBack() {
        String id = createId("acme-admin", crowdstrike());
        Eventually.await("the create event to be relayed", () -> relayed(id, 1), published -> published);

        KafkaServer.get().outage(() -> {
            as("acme-admin").body("{\"description\": \"changed during the outage\"}").patch(CONNECTORS + "/" + id)
                    .then().statusCode(200);
            assertEquals(false, relayed(id, 2), "the event waits in the outbox while Kafka is down");
        });

        // Relayed means the broker acknowledged it to all in-sync replicas (acks=all).
        Eventually.await("the change made during the outage to be relayed", () -> relayed(id, 2), published -> published);
    }

    /** Whether the outbox row of the connector's config event at {@code version} was delivered to Kafka. */
    private static boolean relayed(String id, int version) {
        try (Connection owner = RealServers.database().connectAsOwner();
             PreparedStatement query = owner.prepareStatement("select published_at is not null from outbox"
                     + " where topic = ? and record_key = ? and payload like ?")) {
            query.setString(1, Topics.CONFIG);
            query.setString(2, id);
            query.setString(3, "%\"version\":" + version + ",%");
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "the outbox holds the event of version " + version);
                return row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonSchema schema(String file) throws IOException {
        try (InputStream in = Files.newInputStream(
                RepoFiles.resolve("platform/platform-core/src/main/resources/schemas/" + file))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
    }
}
