package io.connectors.audit.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.connectors.audit.AuditRecords;
import io.connectors.audit.AuditServiceProfile;
import io.connectors.audit.Eventually;
import io.connectors.audit.TrailTables;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.verify.ChainVerifier;
import io.connectors.audit.verify.VerifyReport;
import io.connectors.platform.audit.AuditTrail;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.tenancy.TenantSessions;
import io.connectors.platform.testing.KafkaServer;
import io.connectors.platform.testing.RealServers;
import io.connectors.platform.testing.RepoFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(AuditServiceProfile.class)
class AuditIngestIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AuditTrail auditTrail;

    @Inject
    TenantSessions sessions;

    @Inject
    ChainVerifier verifier;

    @Inject
    KafkaClientService kafkaClients;

    static List<String> everyAction() throws IllegalAccessException {
        List<String> actions = new ArrayList<>();
        for (Field field : AuditActions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                actions.add((String) field.get(null));
            }
        }
        return actions;
    }

    private List<EventEnvelope<AuditRecord>> recordThroughTheOutbox(String org, List<String> actions) {
        AuditRecord.Actor actor = new AuditRecord.Actor(AuditRecord.Actor.SERVICE, "svc-execution", "service-account-execution-service",
                List.of("service"), "acme-deployer");
        return Multi.createFrom().iterable(actions)
                .onItem().transformToUniAndConcatenate(action -> sessions.inOrg(org, session -> auditTrail.record(session, org,
                        actor, action, new AuditRecord.Target("connector", "c-" + action, "c-" + action),
                        AuditRecord.Outcome.SUCCESS, Map.of("operation", "hosts:read", "redacted", "****"), "decision-1")))
                .collect().asList()
                .await().atMost(WAIT);
    }

    @Test
    void storesEveryActionWrittenThroughTheOutboxExactlyOnce() throws Exception {
        String org = UUID.randomUUID().toString();
        List<String> actions = everyAction();
        List<EventEnvelope<AuditRecord>> produced = recordThroughTheOutbox(org, actions);

        List<TrailTables.Row> rows = Eventually.await(WAIT, () -> TrailTables.rows(org), r -> r.size() >= actions.size(),
                "every action in the trail");
        assertEquals(actions.size(), rows.size(), "no record twice");
        // As sets: the platform's outbox relay sends a batch concurrently, so the topic order may differ from the
        // order written (reported); the trail keeps the topic order.
        assertEquals(produced.stream().map(EventEnvelope::id).collect(Collectors.toSet()),
                rows.stream().map(TrailTables.Row::eventId).collect(Collectors.toSet()), "under the producer's event ids");
        assertEquals(Set.copyOf(actions), rows.stream().map(TrailTables.Row::action).collect(Collectors.toSet()));
        assertEquals(rows.stream().map(TrailTables.Row::seq).toList(),
                java.util.stream.LongStream.rangeClosed(1, actions.size()).boxed().toList());
        VerifyReport report = verifier.verify(org).await().atMost(WAIT);
        assertTrue(report.valid(), report.toString());
        assertEquals(actions.size(), report.recordsChecked());
    }

    @Test
    void recordsWrittenByAuditTrailValidateAgainstThePublishedSchema() throws Exception {
        String org = UUID.randomUUID().toString();
        List<EventEnvelope<AuditRecord>> produced = recordThroughTheOutbox(org, everyAction());
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                Files.readString(RepoFiles.resolve("platform/platform-core/src/main/resources/schemas/audit.record.v1.json")),
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        // The exact text on the wire: the outbox payloads.
        try (Connection connection = RealServers.database().connectAsOwner();
             PreparedStatement query = connection.prepareStatement("select payload from outbox where org_id = ? and topic = ?")) {
            query.setString(1, org);
            query.setString(2, Topics.AUDIT);
            int checked = 0;
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    JsonNode envelope = AuditRecords.MAPPER.readTree(rs.getString(1));
                    assertEquals(Set.of(), schema.validate(envelope), envelope.toString());
                    checked++;
                }
            }
            assertEquals(produced.size(), checked);
        }
    }

    @Test
    void storesARedeliveredRecordOnceAndLeavesNoGap() {
        String org = UUID.randomUUID().toString();
        EventEnvelope<AuditRecord> first = AuditRecords.envelope(org, AuditActions.CONNECTOR_CREATED);
        EventEnvelope<AuditRecord> second = AuditRecords.envelope(org, AuditActions.CONNECTOR_UPDATED);
        // Redelivered within one batch, and again after it was stored.
        AuditRecords.produce(List.of(AuditRecords.onTopic(first), AuditRecords.onTopic(first), AuditRecords.onTopic(first)));
        Eventually.await(WAIT, () -> TrailTables.count(org), n -> n >= 1, "the first record");
        AuditRecords.produce(List.of(AuditRecords.onTopic(first), AuditRecords.onTopic(second), AuditRecords.onTopic(first)));

        List<TrailTables.Row> rows = Eventually.await(WAIT, () -> TrailTables.rows(org), r -> r.size() >= 2, "the second record");
        // A later marker record proves the redeliveries were processed (not merely pending) when we count.
        EventEnvelope<AuditRecord> marker = AuditRecords.envelope(org, AuditActions.CONNECTOR_DELETED);
        AuditRecords.produce(List.of(AuditRecords.onTopic(first), AuditRecords.onTopic(marker)));
        rows = Eventually.await(WAIT, () -> TrailTables.rows(org), r -> r.size() >= 3, "the marker record");
        assertEquals(List.of(first.id(), second.id(), marker.id()), rows.stream().map(TrailTables.Row::eventId).toList());
        assertEquals(List.of(1L, 2L, 3L), rows.stream().map(TrailTables.Row::seq).toList());
    }

    @Test
    void parksPoisonRecordsWithTheirReasonAndStoresTheRestOfTheBatch() {
        String org = UUID.randomUUID().toString();
        String strangerKey = UUID.randomUUID().toString();
        EventEnvelope<AuditRecord> before = AuditRecords.envelope(org, AuditActions.CONNECTOR_CREATED);
        EventEnvelope<AuditRecord> after = AuditRecords.envelope(org, AuditActions.CONNECTOR_DELETED);
        String noOrg = AuditRecords.json(AuditRecords.envelope(org, AuditActions.CONNECTOR_UPDATED)).replace("\"orgid\":\"" + org + "\",", "");
        String badOutcome = AuditRecords.json(AuditRecords.envelope(org, AuditActions.CONNECTOR_UPDATED)).replace("\"success\"", "\"maybe\"");
        String otherKey = AuditRecords.json(AuditRecords.envelope(org, AuditActions.CONNECTOR_UPDATED));
        AuditRecords.produce(List.of(
                AuditRecords.onTopic(before),
                new ProducerRecord<>(Topics.AUDIT, org, "{not json"),
                new ProducerRecord<>(Topics.AUDIT, org, noOrg),
                new ProducerRecord<>(Topics.AUDIT, org, badOutcome),
                new ProducerRecord<>(Topics.AUDIT, strangerKey, otherKey),
                new ProducerRecord<>(Topics.AUDIT, org, null),
                AuditRecords.onTopic(after)));

        List<TrailTables.Row> rows = Eventually.await(WAIT, () -> TrailTables.rows(org), r -> r.size() >= 2, "the good records");
        assertEquals(List.of(before.id(), after.id()), rows.stream().map(TrailTables.Row::eventId).toList());

        List<ConsumerRecord<String, String>> parked = KafkaServer.get().companion().consumeStrings()
                .fromTopics(Set.of(Topics.deadLetter(Topics.AUDIT)), records -> records
                        .select().where(r -> org.equals(r.key()) || strangerKey.equals(r.key())).select().first(5))
                .awaitCompletion(WAIT).getRecords();
        Map<String, String> reasonByValue = new HashMap<>();
        for (ConsumerRecord<String, String> record : parked) {
            Header reason = record.headers().lastHeader(DeadLetters.REASON);
            reasonByValue.put(String.valueOf(record.value()), new String(reason.value(), StandardCharsets.UTF_8));
            assertEquals(Topics.AUDIT, new String(record.headers().lastHeader(DeadLetters.TOPIC).value(), StandardCharsets.UTF_8));
        }
        assertTrue(reasonByValue.get("{not json").startsWith("unparseable"), reasonByValue.toString());
        assertTrue(reasonByValue.get(noOrg).startsWith("missing-org"), reasonByValue.toString());
        assertTrue(reasonByValue.get(badOutcome).startsWith("schema-invalid"), reasonByValue.toString());
        assertTrue(reasonByValue.get(otherKey).startsWith("key-mismatch"), reasonByValue.toString());
        assertTrue(reasonByValue.get("null").startsWith("unparseable"), reasonByValue.toString());
    }

    @Test
    void storesABatchOfManyOrgsWithDuplicatesAndPoisonInOneTransaction() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        EventEnvelope<AuditRecord> cStored = AuditRecords.envelope(c, AuditActions.CONNECTOR_CREATED);
        AuditRecords.produce(List.of(AuditRecords.onTopic(cStored)));
        Eventually.await(WAIT, () -> TrailTables.count(c), n -> n >= 1, "c's first record");

        EventEnvelope<AuditRecord> a1 = AuditRecords.envelope(a, AuditActions.CONNECTOR_CREATED);
        EventEnvelope<AuditRecord> a2 = AuditRecords.envelope(a, AuditActions.CONNECTOR_UPDATED);
        EventEnvelope<AuditRecord> a3 = AuditRecords.envelope(a, AuditActions.CONNECTOR_DELETED);
        EventEnvelope<AuditRecord> b1 = AuditRecords.envelope(b, AuditActions.CONNECTOR_CREATED);
        EventEnvelope<AuditRecord> b2 = AuditRecords.envelope(b, AuditActions.CONNECTOR_EXECUTED);
        EventEnvelope<AuditRecord> c2 = AuditRecords.envelope(c, AuditActions.CONNECTOR_UPDATED);
        String badOutcome = AuditRecords.json(AuditRecords.envelope(b, AuditActions.CONNECTOR_UPDATED)).replace("\"success\"", "\"maybe\"");
        // Paused while producing, so the consumer's next poll holds the whole set: one batch of three orgs.
        var consumer = kafkaClients.getConsumer(Topics.AUDIT);
        consumer.pause().await().atMost(WAIT);
        try {
            AuditRecords.produce(List.of(
                    AuditRecords.onTopic(a1), AuditRecords.onTopic(b1),
                    AuditRecords.onTopic(a1),                                   // repeated within the batch
                    new ProducerRecord<>(Topics.AUDIT, a, "{not json"),        // poison
                    AuditRecords.onTopic(cStored),                              // stored by an earlier batch
                    AuditRecords.onTopic(b2), AuditRecords.onTopic(c2), AuditRecords.onTopic(a2),
                    AuditRecords.onTopic(b1),
                    new ProducerRecord<>(Topics.AUDIT, b, badOutcome),         // poison
                    AuditRecords.onTopic(a3)));
        } finally {
            consumer.resume().await().atMost(WAIT);
        }

        Eventually.await(WAIT, () -> TrailTables.count(a) + TrailTables.count(b) + TrailTables.count(c), n -> n >= 7,
                "every org's new records");
        assertEquals(List.of(a1.id(), a2.id(), a3.id()), TrailTables.rows(a).stream().map(TrailTables.Row::eventId).toList());
        assertEquals(List.of(b1.id(), b2.id()), TrailTables.rows(b).stream().map(TrailTables.Row::eventId).toList());
        assertEquals(List.of(cStored.id(), c2.id()), TrailTables.rows(c).stream().map(TrailTables.Row::eventId).toList());
        for (String org : List.of(a, b, c)) {
            List<TrailTables.Row> rows = TrailTables.rows(org);
            assertEquals(LongStream.rangeClosed(1, rows.size()).boxed().toList(), rows.stream().map(TrailTables.Row::seq).toList());
            VerifyReport report = verifier.verify(org).await().atMost(WAIT);
            assertTrue(report.valid(), report.toString());
        }
        List<ConsumerRecord<String, String>> parked = KafkaServer.get().companion().consumeStrings()
                .fromTopics(Set.of(Topics.deadLetter(Topics.AUDIT)), records -> records
                        .select().where(r -> a.equals(r.key()) || b.equals(r.key())).select().first(2))
                .awaitCompletion(WAIT).getRecords();
        Map<String, String> reasonByValue = new HashMap<>();
        parked.forEach(r -> reasonByValue.put(r.value(),
                new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8)));
        assertTrue(reasonByValue.get("{not json").startsWith("unparseable"), reasonByValue.toString());
        assertTrue(reasonByValue.get(badOutcome).startsWith("schema-invalid"), reasonByValue.toString());
        // One transaction for the three orgs, not one per org: their new rows share the inserting transaction's id.
        Set<String> transactions = new HashSet<>();
        for (String org : List.of(a, b, c)) {
            transactions.addAll(insertingTransactions(org, org.equals(c) ? Set.of(cStored.id()) : Set.of()));
        }
        assertEquals(1, transactions.size(), transactions.toString());
    }

    @Test
    void exposesIngestLatencyRecordOutcomesAndConsumerLagPerPartitionAsPrometheusMetrics() {
        String org = UUID.randomUUID().toString();
        AuditRecords.produce(List.of(AuditRecords.onTopic(AuditRecords.envelope(org, AuditActions.CONNECTOR_CREATED))));
        Eventually.await(WAIT, () -> TrailTables.count(org), n -> n >= 1, "the record");
        // Kafka's own client metric, bound by Quarkus (one series per assigned partition, once it has been fetched).
        Eventually.await(WAIT, () -> RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().lines()
                        .filter(line -> line.startsWith("kafka_consumer_fetch_manager_records_lag")).toList(),
                lines -> lines.stream().anyMatch(AuditIngestIT::isAuditPartitionLag), "the consumer lag of the audit partition");
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("audit_ingest_latency_seconds_bucket{"), "latency histogram");
        assertTrue(metrics.contains("audit_ingest_latency_seconds_count"), "latency count");
        assertTrue(metrics.contains("audit_ingest_records_total{outcome=\"chained\"}"), "chained records");
        assertTrue(metrics.contains("audit_ingest_records_total{outcome=\"duplicate\"}"), "duplicates");
        assertTrue(metrics.contains("audit_ingest_records_total{outcome=\"parked\"}"), "parked records");
    }

    /** The lag series of the audit topic's partition 0 (client versions differ on writing the topic's dots as "_"). */
    private static boolean isAuditPartitionLag(String line) {
        return line.startsWith("kafka_consumer_fetch_manager_records_lag{") && line.contains("partition=\"0\"")
                && (line.contains("topic=\"" + Topics.AUDIT + "\"") || line.contains("topic=\"" + Topics.AUDIT.replace('.', '_') + "\""));
    }

    @Test
    void parksRecordsTheDatabaseRefusesAndGoesOnWithOtherOrgs() {
        String org = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        AuditRecords.produce(List.of(AuditRecords.onTopic(AuditRecords.envelope(org, AuditActions.CONNECTOR_CREATED))));
        List<TrailTables.Row> rows = Eventually.await(WAIT, () -> TrailTables.rows(org), r -> r.size() >= 1, "the first record");
        // Someone with the owner's rights took the next link's place: every further append to this org is refused.
        TrailTables.insertBehindTheServicesBack(ChainRecord.link(new ChainRecord(UUID.randomUUID().toString(), 0,
                Instant.now().truncatedTo(ChronoUnit.MICROS), org, "connector.deleted", "{\"subject\":\"x\",\"type\":\"user\"}",
                null, "success", "{}", null, null, "config-service", null, null), 2, rows.get(0).hash()));

        EventEnvelope<AuditRecord> refused1 = AuditRecords.envelope(org, AuditActions.CONNECTOR_UPDATED);
        EventEnvelope<AuditRecord> refused2 = AuditRecords.envelope(org, AuditActions.CONNECTOR_EXECUTED);
        EventEnvelope<AuditRecord> fine = AuditRecords.envelope(other, AuditActions.CONNECTOR_CREATED);
        AuditRecords.produce(List.of(AuditRecords.onTopic(refused1), AuditRecords.onTopic(fine), AuditRecords.onTopic(refused2)));

        Eventually.await(WAIT, () -> TrailTables.count(other), n -> n >= 1, "the other org's record");
        List<ConsumerRecord<String, String>> parked = KafkaServer.get().companion().consumeStrings()
                .fromTopics(Set.of(Topics.deadLetter(Topics.AUDIT)), records -> records
                        .select().where(r -> org.equals(r.key())).select().first(2))
                .awaitCompletion(WAIT).getRecords();
        assertEquals(Set.of(refused1.id(), refused2.id()), parked.stream()
                .map(r -> r.value().substring(r.value().indexOf("\"id\":\"") + 6, r.value().indexOf("\"id\":\"") + 42))
                .collect(Collectors.toSet()));
        for (ConsumerRecord<String, String> record : parked) {
            assertEquals("rejected-by-database: SQLSTATE 23505",
                    new String(record.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
        }
        assertEquals(2, TrailTables.count(org), "the stored record and the forgery, nothing else");
    }

    @Test
    void waitsOutADatabaseThatRefusesWritesAndThenStoresEveryRecordOnce() throws Exception {
        String org = UUID.randomUUID().toString();
        long rollbacksBefore = rollbacks();
        ownerExecutes("revoke insert on audit_records from " + RealServers.database().appRole());
        List<EventEnvelope<AuditRecord>> sent = List.of(AuditRecords.envelope(org, AuditActions.CONNECTOR_CREATED),
                AuditRecords.envelope(org, AuditActions.CONNECTOR_UPDATED), AuditRecords.envelope(org, AuditActions.CONNECTOR_DELETED));
        try {
            AuditRecords.produce(sent.stream().map(AuditRecords::onTopic).toList());
            // Refused (42501 is not the records' fault) and tried again, rather than skipped or parked.
            Eventually.await(WAIT, this::rollbacks, n -> n >= rollbacksBefore + 2, "the consumer to try again");
        } finally {
            ownerExecutes("grant insert on audit_records to " + RealServers.database().appRole());
        }
        List<TrailTables.Row> rows = Eventually.await(WAIT, () -> TrailTables.rows(org), r -> r.size() >= 3, "the records");
        assertEquals(sent.stream().map(EventEnvelope::id).toList(), rows.stream().map(TrailTables.Row::eventId).toList());
        assertEquals(List.of(1L, 2L, 3L), rows.stream().map(TrailTables.Row::seq).toList());
    }

    /** The ids of the transactions that inserted {@code org}'s records, but for those in {@code except}. */
    private static Set<String> insertingTransactions(String org, Set<String> except) {
        try (Connection owner = TrailTables.ownerIn(org);
             PreparedStatement query = owner.prepareStatement("select event_id, xmin::text from audit_records where org_id = ?")) {
            query.setString(1, org);
            Set<String> transactions = new HashSet<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    if (!except.contains(rs.getString(1))) {
                        transactions.add(rs.getString(2));
                    }
                }
            }
            return transactions;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long rollbacks() {
        try (Connection owner = RealServers.database().connectAsOwner();
             PreparedStatement query = owner.prepareStatement(
                     "select xact_rollback from pg_stat_database where datname = current_database()")) {
            // Statistics are cached per transaction; a fresh connection sees the current counter.
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ownerExecutes(String sql) throws SQLException {
        try (Connection owner = RealServers.database().connectAsOwner(); Statement statement = owner.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void chainsEachOrgSeparatelyFromGenesis() {
        String[] orgs = {UUID.randomUUID().toString(), UUID.randomUUID().toString()};
        List<ProducerRecord<String, String>> interleaved = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            interleaved.add(AuditRecords.onTopic(AuditRecords.envelope(orgs[i % 2], AuditActions.CONNECTOR_EXECUTED,
                    AuditRecords.user("acme-deployer", "deployer"), null, AuditRecord.Outcome.SUCCESS, Instant.now())));
        }
        AuditRecords.produce(interleaved);
        for (String org : orgs) {
            List<TrailTables.Row> rows = Eventually.await(WAIT, () -> TrailTables.rows(org), r -> r.size() >= 5, "org's records");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), rows.stream().map(TrailTables.Row::seq).toList());
            assertEquals("0".repeat(64), rows.get(0).prevHash());
            for (int i = 1; i < rows.size(); i++) {
                assertEquals(rows.get(i - 1).hash(), rows.get(i).prevHash());
            }
            assertTrue(verifier.verify(org).await().atMost(WAIT).valid());
        }
        Set<String> hashes = Arrays.stream(orgs).flatMap(org -> TrailTables.rows(org).stream()).map(TrailTables.Row::hash)
                .collect(Collectors.toSet());
        assertEquals(10, hashes.size());
    }

    @Test
    void keepsEachOrgsRecordsInvisibleToTheOthersUnderRowLevelSecurity() throws Exception {
        String org = UUID.randomUUID().toString();
        AuditRecords.produce(List.of(AuditRecords.onTopic(AuditRecords.envelope(org, AuditActions.POLICY_CHANGED))));
        Eventually.await(WAIT, () -> TrailTables.count(org), n -> n >= 1, "the record");
        try (Connection app = TrailTables.appIn(UUID.randomUUID().toString());
             ResultSet rs = app.createStatement().executeQuery("select count(*) from audit_records")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "another org's scope sees no record");
        }
        try (Connection app = RealServers.database().connectAsApp();
             ResultSet rs = app.createStatement().executeQuery("select count(*) from audit_records")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "no org scope sees no record");
        }
    }
}
