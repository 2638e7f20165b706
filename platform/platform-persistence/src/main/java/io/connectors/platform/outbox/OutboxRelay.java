package io.connectors.platform.outbox;

import io.connectors.platform.notify.PgNotifications;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers outbox rows to Kafka in commit order, at least once (consumers are idempotent by event id). A relay pass
 * starts when a transaction of this process that appended rows has committed ({@link Outbox} wakes it), at start-up
 * (rows left by a previous run), and from a slow poll as the safety net: rows committed by a replica that died before
 * its relay sent them, or by anything else. Passes never overlap: a wake-up during a pass runs one more pass after it.
 * Rows are locked with {@code SKIP LOCKED}, so several replicas relay without sending a row twice in the normal case,
 * and a pass takes every replica's unsent rows, not only its own. While Kafka is unreachable the pass fails, the rows
 * stay, and the next poll tries again. Plain SQL on the reactive client: no Hibernate query plan per statement shape.
 *
 * <p>Why no LISTEN/NOTIFY: a transaction that notifies takes a database-wide lock at commit and holds it through its
 * WAL flush, so notifying commits run one at a time (3-4x fewer durable commits per second with the statement trigger
 * that notified; BENCHMARKS.md, "Session 6 of issue 12", {@code deploy/local/bench/notify-commit.sh}).
 *
 * <p>The relay has its own connections, not the application's pool: under load every pooled connection is busy with
 * the requests that append rows, and a pass waiting its turn behind them delayed delivery by seconds (BENCHMARKS.md,
 * "Outbox commit to Kafka"). A pass commits without waiting for the WAL flush ({@code synchronous_commit = off}): a
 * mark lost in a crash only means those rows are sent again, which consumers absorb (they are idempotent by event id),
 * so the flush would buy nothing.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String BACKLOG = "select count(*), min(created_at) from outbox where published_at is null";
    /** One pass at a time, and the poll's backlog reading beside it. */
    private static final int RELAY_CONNECTIONS = 2;

    private final Pool pool;
    private final OutboxConfig config;
    /**
     * BEGIN and the claim of the oldest unsent rows in one message (one round trip; if BEGIN fails nothing runs): the
     * rows are marked and locked by the open transaction, which commits once Kafka acknowledged them and rolls back
     * if it did not, so a row counts as published exactly when it was; other replicas skip the locked rows. The
     * commit does not wait for the WAL flush, set in the same message (a connection setting instead would be refused
     * by a PgBouncer in front of the database).
     */
    private final String claimBatch;
    /** The {@code kafka.*} configuration every client of the service shares (brokers, authentication). */
    private final Map<String, Object> kafkaClient;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean relaying = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final AtomicLong backlogRows = new AtomicLong();
    private final AtomicLong oldestUnsentEpochMillis = new AtomicLong();
    private volatile Producer<String, String> producer;

    public OutboxRelay(Vertx vertx, Config settings, OutboxConfig config, MeterRegistry registry,
                       @Identifier("default-kafka-broker") Map<String, Object> kafkaClient) {
        PgConnectOptions connection = PgNotifications.connectOptions(settings, settings.getOptionalValue(
                "quarkus.application.name", String.class).orElse("connectors") + "-outbox-relay");
        connection.setCachePreparedStatements(true);
        this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(RELAY_CONNECTIONS))
                .connectingTo(connection).using(vertx).build();
        this.config = config;
        this.claimBatch = "begin; set local synchronous_commit = off;"
                + " update outbox set published_at = now() where seq in (select seq from outbox"
                + " where published_at is null order by seq limit " + config.batchSize() + " for update skip locked)"
                + " returning seq, topic, record_key, payload";
        this.kafkaClient = Map.copyOf(kafkaClient);
        Gauge.builder("connectors.outbox.backlog", backlogRows, AtomicLong::get)
                .description("Outbox rows not yet relayed to Kafka, as of the last poll").register(registry);
        Gauge.builder("connectors.outbox.oldest.unsent.age", oldestUnsentEpochMillis,
                        oldest -> oldest.get() == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest.get()) / 1000.0)
                .baseUnit("seconds")
                .description("Age of the oldest outbox row not yet relayed, as of the last poll").register(registry);
    }

    /** Rows a previous run committed but did not send go out at once, not on the first poll. */
    void start(@Observes StartupEvent event) {
        wake();
    }

    /** The safety net: a pass (rows no wake-up announced) and a fresh backlog reading for the gauges. */
    @Scheduled(identity = "outbox-relay", every = "${connectors.outbox.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        wake();
        return pool.query(BACKLOG).execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    backlogRows.set(row.getLong(0));
                    OffsetDateTime oldest = row.getOffsetDateTime(1);
                    oldestUnsentEpochMillis.set(oldest == null ? 0 : oldest.toInstant().toEpochMilli());
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /** Asks for a pass: starts one now, or right after the one under way. */
    public void wake() {
        wanted.set(true);
        if (relaying.compareAndSet(false, true)) {
            pass();
        }
    }

    private void pass() {
        wanted.set(false);
        relayBacklog().subscribe().with(delivered -> {
            if (failing.compareAndSet(true, false)) {
                LOG.info("Outbox relay delivers again");
            }
            passEnded(true);
        }, failure -> {
            if (failing.compareAndSet(false, true)) {
                LOG.warnf("Outbox relay cannot deliver, will retry: %s", failure.toString());
            }
            passEnded(false);
        });
    }

    /** After a failed pass the next poll tries again, rather than every commit hammering a broker that is down. */
    private void passEnded(boolean delivered) {
        relaying.set(false);
        if (delivered && wanted.get() && relaying.compareAndSet(false, true)) {
            pass();
        }
    }

    /** Relays batch after batch while they come back full; returns how many rows were delivered. */
    Uni<Integer> relayBacklog() {
        return relayBacklog(0);
    }

    private Uni<Integer> relayBacklog(int delivered) {
        return relayBatch().chain(count -> count < config.batchSize()
                ? Uni.createFrom().item(delivered + count)
                : relayBacklog(delivered + count));
    }

    /** Relays one batch in one transaction; returns how many rows were delivered. */
    public Uni<Integer> relayBatch() {
        return pool.withConnection(connection -> connection.query(claimBatch).execute()
                .map(results -> results.next().next()) // the UPDATE's rows, after BEGIN's and SET's empty results
                .chain(this::deliver)
                .call(() -> connection.query("commit").execute())
                // Kafka or the database failed: the rows are neither marked nor locked any more, the next pass sends them.
                .onFailure().call(() -> connection.query("rollback").execute().onFailure().recoverWithNull()));
    }
    private Uni<Integer> deliver(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Uni.createFrom().item(0);
        }
        List<Row> claimed = new ArrayList<>(rows.size());
        rows.forEach(claimed::add);
        claimed.sort(Comparator.comparingLong(row -> row.getLong(0))); // RETURNING has no order of its own
        List<ProducerRecord<String, String>> records = new ArrayList<>(claimed.size());
        for (Row row : claimed) {
            records.add(new ProducerRecord<>(row.getString(1), row.getString(2), row.getString(3)));
        }
        return sendInOrder(records).replaceWith(records.size());
    }

    /**
     * Hands the records to the producer one after another from one thread, so records of a key keep their commit
     * order (a config update never lands after its tombstone; an org's audit records arrive as written), then waits
     * for every acknowledgement.
     */
    private Uni<Void> sendInOrder(List<ProducerRecord<String, String>> records) {
        return Uni.createFrom().<Void>emitter(emitter -> {
                    AtomicInteger unacknowledged = new AtomicInteger(records.size());
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
                        for (ProducerRecord<String, String> record : records) {
                            producer().send(record, acknowledged);
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
        return pool.preparedQuery("delete from outbox where published_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.retention().toSeconds()))
                .replaceWithVoid();
    }

    private Producer<String, String> producer() {
        Producer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    int timeout = (int) config.deliveryTimeout().toMillis();
                    Map<String, Object> settings = new HashMap<>();
                    kafkaClient.forEach((key, value) -> {
                        if (ProducerConfig.configNames().contains(key)) { // not the connector's own keys
                            settings.put(key, value);
                        }
                    });
                    settings.putAll(Map.of(
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.LINGER_MS_CONFIG, 2,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout / 2,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout / 2,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout));
                    producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
                }
                current = producer;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        pool.closeAndForget();
    }
}
