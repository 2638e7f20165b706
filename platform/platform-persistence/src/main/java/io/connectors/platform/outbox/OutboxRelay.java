package io.connectors.platform.outbox;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers outbox rows to Kafka in commit order, at least once (consumers are idempotent by event id). Rows are
 * locked with {@code SKIP LOCKED}, so several replicas relay without sending a row twice in the normal case. While
 * Kafka is unreachable the batch fails, the rows stay, and the next tick tries again.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Mutiny.SessionFactory sessionFactory;
    private final OutboxConfig config;
    private final String bootstrapServers;
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile Producer<String, String> producer;

    public OutboxRelay(Mutiny.SessionFactory sessionFactory, OutboxConfig config,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.sessionFactory = sessionFactory;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    @Scheduled(identity = "outbox-relay", every = "${connectors.outbox.interval:0.2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relayOnSchedule() {
        return relayBacklog()
                .invoke(count -> {
                    if (failing.compareAndSet(true, false)) {
                        LOG.info("Outbox relay delivers again");
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    if (failing.compareAndSet(false, true)) {
                        LOG.warnf("Outbox relay cannot deliver, will retry: %s", failure.toString());
                    }
                    return 0;
                })
                .replaceWithVoid();
    }

    /**
     * Relays batch after batch while they come back full (a busy service writes more than one batch per tick), up to
     * {@code max-batches-per-tick}, so the next tick comes round on time; returns how many rows were delivered.
     */
    Uni<Integer> relayBacklog() {
        return relayBacklog(0, 0);
    }

    private Uni<Integer> relayBacklog(int batches, int delivered) {
        return relayBatch().chain(count -> count < config.batchSize() || batches + 1 >= config.maxBatchesPerTick()
                ? Uni.createFrom().item(delivered + count)
                : relayBacklog(batches + 1, delivered + count));
    }

    /** Relays one batch; returns how many rows were delivered. */
    public Uni<Integer> relayBatch() {
        return sessionFactory.withTransaction((session, tx) -> session
                .createNativeQuery("select seq, topic, record_key, payload from outbox where published_at is null"
                        + " order by seq limit :limit for update skip locked", Object[].class)
                .setParameter("limit", config.batchSize())
                .getResultList()
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0) : deliver(session, rows)));
    }

    private Uni<Integer> deliver(Mutiny.Session session, List<Object[]> rows) {
        Executor backOnContext = onCurrentContext();
        List<Long> seqs = rows.stream().map(row -> ((Number) row[0]).longValue()).toList();
        return sendInOrder(rows)
                .emitOn(backOnContext)
                .chain(() -> session.createNativeQuery("update outbox set published_at = now() where seq in (:seqs)")
                        .setParameter("seqs", seqs)
                        .executeUpdate())
                .replaceWith(rows.size());
    }

    /**
     * Hands the rows to the producer one after another from one thread, so records of a key keep their commit order
     * (a config update never lands after its tombstone; an org's audit records arrive as written), then waits for
     * every acknowledgement.
     */
    private Uni<Void> sendInOrder(List<Object[]> rows) {
        return Uni.createFrom().<Void>emitter(emitter -> {
                    AtomicInteger unacknowledged = new AtomicInteger(rows.size());
                    AtomicBoolean failed = new AtomicBoolean();
                    Callback acknowledged = (metadata, failure) -> {
                        if (failure != null) {
                            if (failed.compareAndSet(false, true)) {
                                emitter.fail(failure);
                            }
                        } else if (unacknowledged.decrementAndGet() == 0 && !failed.get()) {
                            emitter.complete(null);
                        }
                    };
                    try {
                        for (Object[] row : rows) {
                            producer().send(new ProducerRecord<>((String) row[1], (String) row[2], (String) row[3]), acknowledged);
                        }
                    } catch (RuntimeException failure) {
                        if (failed.compareAndSet(false, true)) {
                            emitter.fail(failure);
                        }
                    }
                })
                // send() may block while it fetches metadata: never on the event loop.
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    @Scheduled(identity = "outbox-cleanup", every = "1h", delayed = "1m")
    Uni<Void> deleteRelayed() {
        return sessionFactory.withTransaction((session, tx) -> session
                .createNativeQuery("delete from outbox where published_at < :before")
                .setParameter("before", Instant.now().minus(config.retention()))
                .executeUpdate()).replaceWithVoid();
    }

    /** Hibernate Reactive must be resumed on the Vert.x context it started on, not on Kafka's callback thread. */
    private static Executor onCurrentContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : command -> context.runOnContext(ignored -> command.run());
    }

    private Producer<String, String> producer() {
        Producer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    int timeout = (int) config.deliveryTimeout().toMillis();
                    producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.LINGER_MS_CONFIG, 2,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout / 2,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout / 2,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout,
                            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class),
                            new StringSerializer(), new StringSerializer());
                }
                current = producer;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
