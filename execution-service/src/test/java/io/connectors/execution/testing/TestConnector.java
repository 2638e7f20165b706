package io.connectors.execution.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ConfigChanged;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.platform.testing.KafkaServer;
import io.connectors.platform.testing.RealServers;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A connector configuration as config-service would publish it on connectors.config.v1 (the tests play
 * config-service: they encrypt the credentials with the same cipher bean and produce the event), and the wait until
 * this service's read model has it.
 */
public final class TestConnector {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    /** The agent every test connector is bound to unless told otherwise: the realm's acme-agent acts as it. */
    public static final String DEFAULT_AGENT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

    public final String id = UUID.randomUUID().toString();
    private final String orgId;
    private final String type;
    private List<String> permitted = List.of();
    private JsonNode config = JsonNodeFactory.instance.objectNode();
    private String credentials;
    private boolean enabled = true;
    private String typeVersion = "1.0.0";
    private String agentId = DEFAULT_AGENT;
    private String name;
    private long version;

    private TestConnector(String orgId, String type) {
        this.orgId = orgId;
        this.type = type;
    }

    public static TestConnector of(String orgId, String type) {
        return new TestConnector(orgId, type);
    }

    public String orgId() {
        return orgId;
    }

    public TestConnector permitting(String... operations) {
        this.permitted = List.of(operations);
        return this;
    }

    public TestConnector config(String json) {
        this.config = read(json);
        return this;
    }

    /** The credentials JSON, encrypted at publish time; null for a connector without credentials. */
    public TestConnector credentials(String json) {
        this.credentials = json;
        return this;
    }

    public TestConnector enabled(boolean value) {
        this.enabled = value;
        return this;
    }

    /** The agent the connector is bound to (agent_id). */
    public TestConnector agent(String value) {
        this.agentId = value;
        return this;
    }

    /** The connector's display name; by default "connector " and the start of its id. */
    public TestConnector named(String value) {
        this.name = value;
        return this;
    }

    public String name() {
        return name == null ? "connector " + id.substring(0, 8) : name;
    }

    public TestConnector typeVersion(String value) {
        this.typeVersion = value;
        return this;
    }

    /** Publishes the next version and waits until the read model holds it. */
    public TestConnector publish(SecretCipher cipher) {
        version++;
        String ciphertext = credentials == null ? null : cipher.encrypt(orgId, id, credentials.getBytes(StandardCharsets.UTF_8))
                .await().atMost(Duration.ofSeconds(10));
        publishRaw(orgId, event(ciphertext, version));
        awaitVersion(version);
        return this;
    }

    /**
     * Makes the next version known to config-service only (its lookup answers it), as right after a create whose event
     * has not reached execution-service yet.
     */
    public TestConnector createdInConfigServiceOnly(SecretCipher cipher) {
        version++;
        String ciphertext = credentials == null ? null : cipher.encrypt(orgId, id, credentials.getBytes(StandardCharsets.UTF_8))
                .await().atMost(Duration.ofSeconds(10));
        try {
            PolicyFake.get().knows(id, JSON.writeValueAsString(event(ciphertext, version)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public ConfigChanged event(String ciphertext, long eventVersion) {
        return new ConfigChanged(id, orgId, agentId, name(), type,
                typeVersion, enabled, permitted, config, ciphertext, ciphertext == null ? 0 : 1, eventVersion, Instant.now());
    }

    /** Produces any ConfigChanged (or a hand-made value) on the topic, keyed by this connector's id. */
    public void publishRaw(String envelopeOrg, ConfigChanged change) {
        try {
            send(JSON.writeValueAsString(EventEnvelope.of("/config-service", EventTypes.CONFIG_CHANGED, change.id(), envelopeOrg, change)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void send(String value) {
        KafkaServer.get().companion().produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.CONFIG, id, value))
                .awaitCompletion(Duration.ofSeconds(30));
    }

    /** The deletion: a tombstone. Waits until the read model marked it deleted. */
    public void delete() {
        send(null);
        Eventually.until(() -> column("deleted_at"), deleted -> deleted != null, "the tombstone of " + id);
    }

    public void awaitVersion(long expected) {
        Eventually.until(() -> column("version"), stored -> stored != null && Long.parseLong(stored) >= expected,
                "version " + expected + " of connector " + id);
    }

    /** A column of this connector's read-model row, looked up behind the application's back (as the schema owner). */
    public String column(String name) {
        try (Connection connection = RealServers.database().connectAsOwner();
             PreparedStatement setOrg = connection.prepareStatement("select set_config('app.org_id', ?, false)");
             PreparedStatement query = connection.prepareStatement("select " + name + " from connector_configs where id = ?")) {
            setOrg.setString(1, orgId);
            setOrg.execute();
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
