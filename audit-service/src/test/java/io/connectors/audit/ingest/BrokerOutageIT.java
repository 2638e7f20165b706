package io.connectors.audit.ingest;

import io.connectors.platform.testing.KafkaServer;
import io.connectors.audit.AuditServiceProfile;
import io.connectors.audit.Eventually;
import io.connectors.audit.TrailTables;
import io.connectors.audit.verify.ChainVerifier;
import io.connectors.audit.verify.VerifyReport;
import io.connectors.platform.audit.AuditTrail;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.tenancy.TenantSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Producers write through their outbox; the broker goes down mid-stream and comes back: nothing lost, nothing twice. */
@QuarkusTest
@TestProfile(AuditServiceProfile.class)
class BrokerOutageIT {

    private static final int HALF = 150;

    @Inject
    AuditTrail auditTrail;

    @Inject
    TenantSessions sessions;

    @Inject
    ChainVerifier verifier;

    private List<String> record(String org, int count) {
        AuditRecord.Actor actor = new AuditRecord.Actor(AuditRecord.Actor.USER, "sub-1", "acme-deployer", List.of("deployer"), null);
        return Multi.createFrom().range(0, count)
                .onItem().transformToUniAndConcatenate(i -> sessions.inOrg(org, session -> auditTrail.record(session, org,
                        actor, AuditActions.CONNECTOR_EXECUTED, new AuditRecord.Target("execution", "x-" + i, "c-1"),
                        AuditRecord.Outcome.SUCCESS, Map.of("i", i), null)))
                .map(EventEnvelope::id)
                .collect().asList()
                .await().atMost(Duration.ofSeconds(60));
    }

    @Test
    void losesNoRecordAndStoresNoneTwiceWhenTheBrokerRestartsMidStream() {
        String org = UUID.randomUUID().toString();
        List<String> produced = new ArrayList<>(record(org, HALF));
        Eventually.await(Duration.ofSeconds(60), () -> TrailTables.count(org), n -> n > 0, "the stream to start");
        // Written while the broker is down: they wait in the outbox.
        KafkaServer.get().outage(() -> produced.addAll(record(org, HALF)));
        List<TrailTables.Row> rows = Eventually.await(Duration.ofSeconds(120), () -> TrailTables.rows(org),
                r -> r.size() >= 2 * HALF, "every record after the outage");
        assertEquals(2 * HALF, rows.size(), "none twice");
        assertEquals(Set.copyOf(produced), rows.stream().map(TrailTables.Row::eventId).collect(Collectors.toSet()), "none lost");
        assertEquals(LongStream.rangeClosed(1, 2 * HALF).boxed().toList(), rows.stream().map(TrailTables.Row::seq).toList());
        VerifyReport report = verifier.verify(org).await().atMost(Duration.ofSeconds(30));
        assertTrue(report.valid(), report.toString());
        assertEquals(2 * HALF, report.recordsChecked());
    }
}
