package io.connectors.audit.ingest;

import io.connectors.audit.AuditConfig;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.platform.events.Topics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The append-only consumer of {@code connectors.audit.v1}. Each poll's batch is parsed; poison records go to the
 * dead-letter topic with their reason, the rest, of all orgs, are appended in one transaction (in arrival order per
 * org), and only then is the batch acknowledged, so the committed offset never passes a record that is not stored or
 * parked. A database outage is retried with back-off (the batch waits, nothing is skipped); a record the database
 * itself refuses is isolated (org by org, then record by record) and parked, so one bad record never stops the trail.
 *
 * <p>Two batches overlap: the next one is parsed (on a worker thread) while this one is stored, and is stored only
 * after this one is acknowledged, so batches are still stored one after another, in order.
 */
@ApplicationScoped
public class AuditRecordConsumer {

    private static final Logger LOG = Logger.getLogger(AuditRecordConsumer.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);

    private final RecordParser parser;
    private final ChainAppender appender;
    private final DeadLetters deadLetters;
    private final IngestMetrics metrics;
    private final Duration maxRetryBackoff;
    /**
     * The batch before the one being parsed: done when it is stored or parked, and acknowledged. A future, not a
     * memoized Uni: a memoized Uni keeps its upstream, and so every batch before it with all their records, which
     * filled the heap after ~100,000 records (audit-service ran out of memory in the execute benchmark).
     */
    private final AtomicReference<CompletableFuture<Void>> previous =
            new AtomicReference<>(CompletableFuture.completedFuture(null));

    public AuditRecordConsumer(RecordParser parser, ChainAppender appender, DeadLetters deadLetters, IngestMetrics metrics,
                               AuditConfig config) {
        this.parser = parser;
        this.appender = appender;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.maxRetryBackoff = config.ingest().maxRetryBackoff();
    }

    /**
     * Parses {@code batch}, starts storing it once the batch before is done, and completes when that one is: the
     * connector hands over the next batch then, so at most one batch is parsed while another is stored.
     */
    @Incoming(Topics.AUDIT)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return Uni.createFrom().item(() -> parse(batch))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(parsed -> {
                    CompletableFuture<Void> before = previous.get();
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    previous.set(done);
                    // Runs now; a failure (none is expected: storing and parking retry) fails the next batch's call.
                    Uni.createFrom().completionStage(before)
                            .chain(() -> store(parsed.accepted()))
                            .chain(refused -> {
                                parsed.parked().addAll(refused);
                                return park(parsed.parked());
                            })
                            .chain(() -> Uni.createFrom().completionStage(batch::ack))
                            .subscribe().with(ignored -> done.complete(null), failure -> {
                                LOG.errorf(failure, "Audit batch not stored");
                                done.completeExceptionally(failure);
                            });
                    return Uni.createFrom().completionStage(before);
                });
    }

    private Parsed parse(KafkaRecordBatch<String, String> batch) {
        List<Pending> accepted = new ArrayList<>(batch.getRecords().size());
        List<Parked> parked = new ArrayList<>();
        for (KafkaRecord<String, String> source : batch.getRecords()) {
            ParsedRecord parsed = parser.parse(source.getKey(), source.getPayload());
            if (parsed instanceof ParsedRecord.Accepted ok) {
                accepted.add(new Pending(source, ok.record()));
            } else {
                parked.add(new Parked(source, ((ParsedRecord.Poison) parsed).reason()));
            }
        }
        return new Parsed(accepted, parked);
    }

    /** Stores records of any orgs in one transaction; answers the ones the database refused (to be parked). */
    private Uni<List<Parked>> store(List<Pending> pending) {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<ChainRecord> records = pending.stream().map(Pending::record).toList();
        return Uni.createFrom().deferred(() -> appender.append(records))
                .onFailure(failure -> !DatabaseErrors.isRecordRejected(failure))
                .invoke(failure -> LOG.warnf("Cannot store audit records yet, retrying: %s", failure.toString()))
                .onFailure(failure -> !DatabaseErrors.isRecordRejected(failure))
                .retry().withBackOff(FIRST_RETRY, maxRetryBackoff).indefinitely()
                .invoke(linked -> metrics.stored(linked, records.size()))
                .replaceWith(List.<Parked>of())
                .onFailure().recoverWithUni(failure -> isolate(pending, failure));
    }

    /** Some record of {@code pending} is refused: store each org's records apart, then that org's one by one. */
    private Uni<List<Parked>> isolate(List<Pending> pending, Throwable failure) {
        if (pending.size() == 1) {
            return Uni.createFrom().item(List.of(new Parked(pending.get(0).source(),
                    "rejected-by-database: SQLSTATE " + DatabaseErrors.sqlState(failure))));
        }
        Map<String, List<Pending>> byOrg = new LinkedHashMap<>();
        pending.forEach(p -> byOrg.computeIfAbsent(p.record().orgId(), org -> new ArrayList<>()).add(p));
        List<List<Pending>> parts = byOrg.size() > 1 ? List.copyOf(byOrg.values()) : pending.stream().map(List::of).toList();
        return Multi.createFrom().iterable(parts)
                .onItem().transformToUniAndConcatenate(this::store)
                .collect().in(ArrayList::new, List::addAll);
    }

    private Uni<Void> park(List<Parked> parked) {
        if (parked.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        metrics.parked(parked.size());
        // Parked records must reach the broker before the batch is acknowledged: retry as long as it takes.
        return Uni.join().all(parked.stream().map(p -> Uni.createFrom().deferred(() -> deadLetters.send(p.source(), p.reason()))
                        .onFailure().retry().withBackOff(FIRST_RETRY, maxRetryBackoff).indefinitely()).toList())
                .andFailFast().replaceWithVoid();
    }

    private record Parsed(List<Pending> accepted, List<Parked> parked) {
    }

    private record Pending(KafkaRecord<String, String> source, ChainRecord record) {
    }

    private record Parked(KafkaRecord<String, String> source, String reason) {
    }
}
