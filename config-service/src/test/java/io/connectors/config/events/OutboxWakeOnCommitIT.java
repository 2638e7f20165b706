package io.connectors.config.events;

import io.connectors.config.KafkaRecords;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventType;
import io.connectors.platform.events.Topics;
import io.connectors.platform.outbox.Outbox;
import io.connectors.platform.outbox.OutboxEvent;
import io.connectors.platform.tenancy.TenantSql;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.RealServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.connectors.config.Api.createId;
import static io.connectors.config.Api.crowdstrike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The outbox relay starts once a transaction that appended rows has committed (woken in-process by {@link Outbox}),
 * not on its poll, which this profile sets to once an hour: for Hibernate Reactive sessions (an API change) and for
 * the SQL client (the execution hot path's way); a rolled-back transaction sends nothing. And no commit notifies:
 * NOTIFY would serialise every appending commit behind one database-wide lock (OutboxRelay).
 */
@QuarkusTest
@TestProfile(OutboxWithoutPollProfile.class)
class OutboxWakeOnCommitIT {

    private static final String TOPIC = "smoke.outbox-wake";

    @Inject
    TenantSql sql;

    @Inject
    Outbox outbox;

    @Test
    void aCommittedChangeIsRelayedWithoutWaitingForThePoll() {
        String id = createId("acme-admin", crowdstrike());
        // Audit record and config event of the creation, both through the outbox of a Hibernate Reactive session.
        KafkaRecords.withKey(Topics.CONFIG, id, 1);
        KafkaRecords.mentioning(Topics.AUDIT, id, 1);
    }

    @Test
    void rowsAppendedOnTheSqlClientAreRelayedWhenTheirTransactionCommits() {
        OutboxEvent row = row();
        sql.inOrg(KeycloakServer.ACME_ORG, connection -> outbox.append(connection, List.of(row)))
                .await().atMost(Duration.ofSeconds(10));
        KafkaRecords.withKey(TOPIC, row.key(), 1);
    }

    @Test
    void aRolledBackTransactionRelaysNothingAndTheNextCommitOnlyItsOwnRows() {
        OutboxEvent rolledBack = row();
        assertThrows(IllegalStateException.class, () -> sql.inOrg(KeycloakServer.ACME_ORG, connection -> outbox
                        .append(connection, List.of(rolledBack))
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change fails"))))
                .await().atMost(Duration.ofSeconds(10)));
        OutboxEvent committed = row();
        sql.inOrg(KeycloakServer.ACME_ORG, connection -> outbox.append(connection, List.of(committed)))
                .await().atMost(Duration.ofSeconds(10));
        // Relayed in commit order: had the rolled-back row been relayed, it would be on the topic before this one.
        List<String> keys = KafkaRecords.await(TOPIC, 1, record -> committed.key().equals(record.key())
                || rolledBack.key().equals(record.key())).stream().map(record -> record.key()).toList();
        assertEquals(List.of(committed.key()), keys, "only the committed row reached the topic");
        assertEquals(0, count("select count(*) from outbox where event_id = '" + rolledBack.eventId() + "'"));
    }

    @Test
    void noCommitThatAppendsToTheOutboxNotifies() {
        assertEquals(0, count("select count(*) from pg_trigger where tgrelid = 'outbox'::regclass and not tgisinternal"),
                "no trigger on the outbox (its NOTIFY serialised every appending commit)");
    }

    private OutboxEvent row() {
        EventEnvelope<Map<String, String>> event = EventEnvelope.of("/wake", EventType.v1("wake"), "subject",
                KeycloakServer.ACME_ORG, Map.of("hello", "relay"));
        return outbox.event(TOPIC, "key-" + UUID.randomUUID(), event);
    }

    private static int count(String query) {
        try (Connection owner = RealServers.database().connectAsOwner();
             ResultSet count = owner.createStatement().executeQuery(query)) {
            count.next();
            return count.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
