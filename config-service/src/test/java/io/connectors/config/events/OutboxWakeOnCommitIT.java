package io.connectors.config.events;

import io.connectors.config.Eventually;
import io.connectors.config.KafkaRecords;
import io.connectors.platform.events.Topics;
import io.connectors.platform.notify.PgNotifications;
import io.connectors.platform.testing.RealServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static io.connectors.config.Api.createId;
import static io.connectors.config.Api.crowdstrike;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox relay starts on the commit that appended rows (NOTIFY from the outbox trigger), not on its poll, which
 * this profile sets to once an hour; and a listener that lost its connection catches up once it is back.
 */
@QuarkusTest
@TestProfile(OutboxWithoutPollProfile.class)
class OutboxWakeOnCommitIT {

    @Inject
    PgNotifications notifications;

    @Test
    void aCommittedChangeIsRelayedWithoutWaitingForThePoll() {
        String id = createId("acme-admin", crowdstrike());
        // Audit record and config event of the creation, both through the outbox.
        KafkaRecords.withKey(Topics.CONFIG, id, 1);
        KafkaRecords.mentioning(Topics.AUDIT, id, 1);
    }

    @Test
    void aListenerCutOffFromTheDatabaseReconnectsAndRelaysWhatCommittedMeanwhile() throws SQLException {
        createId("acme-admin", crowdstrike());
        assertTrue(terminateListener() > 0, "the listener's session was found and terminated");
        String id = createId("acme-admin", crowdstrike());
        KafkaRecords.withKey(Topics.CONFIG, id, 1);
        Eventually.await("the listener back", OutboxWakeOnCommitIT::listenerSessions, count -> count == 1);
        String after = createId("acme-admin", crowdstrike());
        KafkaRecords.withKey(Topics.CONFIG, after, 1);
    }

    private int terminateListener() throws SQLException {
        try (Connection owner = RealServers.database().connectAsApp();
             PreparedStatement terminate = owner.prepareStatement("select count(pg_terminate_backend(pid))"
                     + " from pg_stat_activity where datname = current_database() and application_name = ?")) {
            terminate.setString(1, notifications.applicationName());
            try (ResultSet count = terminate.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        }
    }

    private static int listenerSessions() {
        try (Connection owner = RealServers.database().connectAsApp();
             PreparedStatement query = owner.prepareStatement("select count(*) from pg_stat_activity"
                     + " where datname = current_database() and application_name = 'config-service-listener'")) {
            try (ResultSet count = query.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
