package io.connectors.audit.ingest;

import io.connectors.audit.AuditConfig;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.platform.events.Topics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The append-only consumer of {@code connectors.audit.v1}. Each poll's batch is parsed; poison records go to the
 * dead-letter topic with their reason, the rest are appended per org (in arrival order, one transaction per org), and
 * only then is the batch acknowledged, so the committed offset never passes a record that is not stored or parked.
 * A database outage is retried with back-off (the batch waits, nothing is skipped); a record the database itself
 * refuses is isolated and parked, so one bad record never stops the trail.
 */
@ApplicationScoped
public class AuditRecordConsumer {

    private static final Logger LOG = Logger.getLogger(AuditRecordConsumer.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);

    private final RecordParser parser;
    private final ChainAppender appender;
    private final DeadLetters deadLetters;
    private final Duration maxRetryBackoff;

    public AuditRecordConsumer(RecordParser parser, ChainAppender appender, DeadLetters deadLetters, AuditConfig config) {
        this.parser = parser;
        this.appender = appender;
        this.deadLetters = deadLetters;
        this.maxRetryBackoff = config.ingest().maxRetryBackoff();
    }

    @Incoming(Topics.AUDIT)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        Map<String, List<Pending>> byOrg = new LinkedHashMap<>();
        List<Parked> parked = new ArrayList<>();
        for (KafkaRecord<String, String> source : batch.getRecords()) {
            ParsedRecord parsed = parser.parse(source.getKey(), source.getPayload());
            if (parsed instanceof ParsedRecord.Accepted accepted) {
                byOrg.computeIfAbsent(accepted.record().orgId(), org -> new ArrayList<>())
                        .add(new Pending(source, accepted.record()));
            } else {
                parked.add(new Parked(source, ((ParsedRecord.Poison) parsed).reason()));
            }
        }
        return Multi.createFrom().iterable(byOrg.entrySet())
                .onItem().transformToUniAndConcatenate(org -> store(org.getKey(), org.getValue()))
                .collect().in(() -> parked, List::addAll)
                .chain(all -> park(all))
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    /** Stores one org's records; answers the ones the database refused (to be parked). */
    private Uni<List<Parked>> store(String orgId, List<Pending> pending) {
        List<ChainRecord> records = pending.stream().map(Pending::record).toList();
        return Uni.createFrom().deferred(() -> appender.append(orgId, records))
                .onFailure(failure -> !DatabaseErrors.isRecordRejected(failure))
                .invoke(failure -> LOG.warnf("Cannot store audit records yet, retrying: %s", failure.toString()))
                .onFailure(failure -> !DatabaseErrors.isRecordRejected(failure))
                .retry().withBackOff(FIRST_RETRY, maxRetryBackoff).indefinitely()
                .replaceWith(List.<Parked>of())
                .onFailure().recoverWithUni(failure -> pending.size() == 1
                        ? Uni.createFrom().item(List.of(new Parked(pending.get(0).source(),
                        "rejected-by-database: SQLSTATE " + DatabaseErrors.sqlState(failure))))
                        // Some record in the batch is refused: find which by storing them one by one.
                        : Multi.createFrom().iterable(pending)
                        .onItem().transformToUniAndConcatenate(one -> store(orgId, List.of(one)))
                        .collect().in(ArrayList::new, List::addAll));
    }

    private Uni<Void> park(List<Parked> parked) {
        if (parked.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Parked records must reach the broker before the batch is acknowledged: retry as long as it takes.
        return Uni.join().all(parked.stream().map(p -> Uni.createFrom().deferred(() -> deadLetters.send(p.source(), p.reason()))
                        .onFailure().retry().withBackOff(FIRST_RETRY, maxRetryBackoff).indefinitely()).toList())
                .andFailFast().replaceWithVoid();
    }

    private record Pending(KafkaRecord<String, String> source, ChainRecord record) {
    }

    private record Parked(KafkaRecord<String, String> source, String reason) {
    }
}
