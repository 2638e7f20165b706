package io.connectors.platform.testing;

import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventType;
import io.connectors.platform.outbox.Outbox;
import io.connectors.platform.outbox.OutboxRelay;
import io.connectors.platform.tenancy.TenantSessions;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The smoke contract of a service that owns data: on top of {@link ServiceSmokeContract}, it proves the service
 * reached PostgreSQL (migrations ran, as the owner; the application role can neither bypass RLS nor own tables) and
 * Kafka (an event written to the outbox arrives on its topic).
 */
public abstract class PersistentServiceSmokeContract extends ServiceSmokeContract {

    @Inject
    TenantSessions tenantSessions;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Test
    void ranItsMigrationsAsOwnerAndRunsAsAnUnprivilegedRole() throws Exception {
        Database database = RealServers.database();
        try (Connection connection = database.connectAsOwner();
             ResultSet migrations = connection.createStatement().executeQuery(
                     "select count(*) from flyway_schema_history where success");
             ResultSet role = connection.createStatement().executeQuery(
                     "select rolsuper, rolbypassrls from pg_roles where rolname = '" + database.appRole() + "'")) {
            assertTrue(migrations.next());
            assertTrue(migrations.getInt(1) >= 1, "at least the platform migration ran");
            assertTrue(role.next());
            assertFalse(role.getBoolean("rolsuper"), "the application role is not a superuser");
            assertFalse(role.getBoolean("rolbypassrls"), "the application role cannot bypass Row-Level Security");
        }
        try (Connection connection = database.connectAsOwner();
             ResultSet owned = connection.createStatement().executeQuery(
                     "select count(*) from pg_tables where schemaname = 'public' and tableowner = '" + database.appRole() + "'")) {
            assertTrue(owned.next());
            assertEquals(0, owned.getInt(1), "the application role owns no table");
        }
    }

    @Test
    void relaysAnOutboxEventToKafka() {
        String topic = "smoke.outbox." + UUID.randomUUID();
        String org = KeycloakServer.ACME_ORG;
        EventEnvelope<Map<String, String>> event = EventEnvelope.of("/smoke", EventType.v1("smoke"), "subject", org,
                Map.of("hello", "kafka"));
        tenantSessions.inOrg(org, session -> outbox.append(session, topic, "key-1", event))
                .await().atMost(Duration.ofSeconds(10));

        ConsumerTask<String, String> records = KafkaServer.get().companion().consumeStrings()
                .fromTopics(topic, 1).awaitCompletion(Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = records.getFirstRecord();
        assertEquals("key-1", record.key());
        assertTrue(record.value().contains("\"id\":\"" + event.id() + "\""), record.value());
        assertTrue(record.value().contains("\"specversion\":\"1.0\""), record.value());
    }
}
