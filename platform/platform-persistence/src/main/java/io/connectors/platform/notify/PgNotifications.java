package io.connectors.platform.notify;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.pgclient.pubsub.PgChannel;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * PostgreSQL LISTEN/NOTIFY for a service: one dedicated connection (not one of the pool's) listens on every channel
 * registered with {@link #listen}. A NOTIFY sent inside a transaction is delivered when it commits, so a listener
 * hears of a change exactly when others can read it. A lost connection (database restart, network) is re-established
 * with back-off; notifications sent while nobody listened are gone, so each channel's {@code onListening} runs on
 * every (re)connection and must catch up by itself (drop a cache, look for unsent rows).
 */
@ApplicationScoped
public class PgNotifications {

    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    private static final long MAX_RECONNECT_DELAY_MS = 30_000;
    private static final Logger LOG = Logger.getLogger(PgNotifications.class);

    private final Vertx vertx;
    private final PgSubscriber subscriber;
    private final String applicationName;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean anyChannel;
    private volatile boolean stopping;

    public PgNotifications(Vertx vertx, Config config) {
        this.vertx = vertx;
        this.applicationName = applicationName(config);
        this.subscriber = PgSubscriber.subscriber(vertx, connectOptions(config, applicationName))
                .reconnectPolicy(PgNotifications::reconnectDelay);
    }

    /**
     * Calls {@code onNotification} with each payload sent to {@code channel}, and {@code onListening} each time LISTEN
     * is (again) in place. Handlers run on the listener's event loop: they must not block.
     */
    public void listen(String channel, Consumer<String> onNotification, Runnable onListening) {
        PgChannel listening = subscriber.channel(channel);
        listening.handler(onNotification);
        listening.subscribeHandler(() -> {
            LOG.debugf("Listening on %s", channel);
            onListening.run();
        });
        anyChannel = true;
        connectOnce();
    }

    /** The session name the listener shows in pg_stat_activity. */
    public String applicationName() {
        return applicationName;
    }

    /** Connects at start-up, or with the first channel registered after it: a service that listens to nothing never. */
    void start(@Observes StartupEvent event) {
        started = true;
        connectOnce();
    }

    private void connectOnce() {
        if (started && anyChannel && connecting.compareAndSet(false, true)) {
            connect(0);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        subscriber.closeAndForget();
    }

    /** The first connection: later losses are handled by the subscriber's reconnect policy. */
    private void connect(int attempt) {
        subscriber.connect().subscribe().with(ignored -> { }, failure -> {
            if (stopping) {
                return;
            }
            long delay = reconnectDelay(attempt);
            LOG.warnf("Cannot listen for database notifications, retrying in %d ms: %s", delay, failure.toString());
            vertx.setTimer(delay, ignored -> connect(attempt + 1));
        });
    }

    /**
     * A connection that silently died (no FIN, no RST) would never report its loss and notifications would stop
     * unnoticed; a query that gets no answer closes it, which triggers the reconnection.
     */
    @Scheduled(identity = "pg-notifications-heartbeat", every = "${connectors.notifications.heartbeat:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        PgConnection connection = subscriber.actualConnection();
        if (connection == null) {
            return Uni.createFrom().voidItem();
        }
        return connection.query("select 1").execute()
                .ifNoItem().after(HEARTBEAT_TIMEOUT).fail()
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("The notification listener's connection does not answer, reconnecting: %s", failure.toString());
                    return connection.close().onFailure().recoverWithNull();
                });
    }

    /** 0.5 s, doubling up to 30 s, forever: without the listener, other replicas' changes would go unseen. */
    static long reconnectDelay(int attempt) {
        return Math.min(MAX_RECONNECT_DELAY_MS, 500L << Math.min(attempt, 10));
    }

    private static String applicationName(Config config) {
        return config.getOptionalValue("quarkus.application.name", String.class).orElse("connectors") + "-listener";
    }

    /**
     * The pool's database and credentials (the application role: LISTEN needs no privilege), read from the same
     * Quarkus settings the pool uses, including its TLS mode and trust; also for the outbox relay's own connections.
     */
    public static PgConnectOptions connectOptions(Config config, String applicationName) {
        String url = config.getValue("quarkus.datasource.reactive.url", String.class).split(",")[0].strip();
        if (url.startsWith("vertx-reactive:")) {
            url = url.substring("vertx-reactive:".length());
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        config.getOptionalValue("quarkus.datasource.reactive.postgresql.ssl-mode", String.class)
                .map(SslMode::of).ifPresent(options::setSslMode);
        if (config.getOptionalValue("quarkus.datasource.reactive.trust-all", Boolean.class).orElse(false)) {
            options.setTrustAll(true);
        }
        List<String> certificates = config.getOptionalValues("quarkus.datasource.reactive.trust-certificate-pem.certs",
                String.class).orElse(List.of());
        if (!certificates.isEmpty()) {
            PemTrustOptions trust = new PemTrustOptions();
            certificates.forEach(trust::addCertPath);
            options.setPemTrustOptions(trust);
        }
        config.getOptionalValue("quarkus.datasource.reactive.hostname-verification-algorithm", String.class)
                .filter(algorithm -> !"NONE".equalsIgnoreCase(algorithm))
                .ifPresent(options::setHostnameVerificationAlgorithm);
        options.setTcpKeepAlive(true);
        options.addProperty("application_name", applicationName);
        return options;
    }
}
