package io.connectors.policy.policy;

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

/**
 * Keeps every replica's {@link CompiledPolicies} current. Every policy or settings change runs
 * {@code pg_notify('policy_set_changed', <org id>)} in its own transaction, so PostgreSQL delivers the notification
 * exactly when the change commits; each replica LISTENs on a dedicated connection (not one of the pool's) and drops
 * that org's rules. A lost connection (database restart, network) is re-established with backoff, and then every
 * org's rules are dropped: notifications sent while nobody listened are gone. Until then decisions go on with the
 * rules in memory, which no change could have altered unless it committed while this replica was cut off.
 */
@ApplicationScoped
public class PolicySetChanges {

    /** The channel changes notify; the payload is the org id. */
    public static final String CHANNEL = "policy_set_changed";
    /** How the listener's session shows in pg_stat_activity. */
    static final String APPLICATION_NAME = "policy-service-cache-listener";
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    private static final long MAX_RECONNECT_DELAY_MS = 30_000;
    private static final Logger LOG = Logger.getLogger(PolicySetChanges.class);

    private final CompiledPolicies compiledPolicies;
    private final Vertx vertx;
    private final PgSubscriber subscriber;
    private volatile boolean stopping;

    public PolicySetChanges(CompiledPolicies compiledPolicies, Vertx vertx, Config config) {
        this.compiledPolicies = compiledPolicies;
        this.vertx = vertx;
        this.subscriber = PgSubscriber.subscriber(vertx, connectOptions(config))
                .reconnectPolicy(PolicySetChanges::reconnectDelay);
        PgChannel channel = subscriber.channel(CHANNEL);
        channel.handler(this::changed);
        // runs once LISTEN is in place, on the first connection and on every reconnection
        channel.subscribeHandler(() -> {
            compiledPolicies.invalidateAll();
            LOG.infof("Listening for policy changes on %s; cached rule sets dropped", CHANNEL);
        });
    }

    void start(@Observes StartupEvent event) {
        connect(0);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        subscriber.closeAndForget();
    }

    private void changed(String orgId) {
        if (orgId == null || orgId.isBlank()) {
            compiledPolicies.invalidateAll();
        } else {
            compiledPolicies.invalidate(orgId);
        }
    }

    /** The first connection: later losses are handled by the subscriber's reconnect policy. */
    private void connect(int attempt) {
        subscriber.connect().subscribe().with(ignored -> { }, failure -> {
            if (stopping) {
                return;
            }
            long delay = reconnectDelay(attempt);
            LOG.warnf("Cannot listen for policy changes, retrying in %d ms: %s", delay, failure.toString());
            vertx.setTimer(delay, ignored -> connect(attempt + 1));
        });
    }

    /**
     * A connection that silently died (no FIN, no RST) would never report its loss and notifications would stop
     * unnoticed; a query that gets no answer closes it, which triggers the reconnection.
     */
    @Scheduled(identity = "policy-change-listener-heartbeat", every = "${connectors.policy.cache.listener-heartbeat}",
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
                    LOG.warnf("The policy change listener's connection does not answer, reconnecting: %s", failure.toString());
                    return connection.close().onFailure().recoverWithNull();
                });
    }

    /** 0.5 s, doubling up to 30 s, forever: without the listener, other replicas' changes would go unseen. */
    static long reconnectDelay(int attempt) {
        return Math.min(MAX_RECONNECT_DELAY_MS, 500L << Math.min(attempt, 10));
    }

    /**
     * The pool's database and credentials (the application role: LISTEN needs no privilege), read from the same
     * Quarkus settings the pool uses, including its TLS mode and trust.
     */
    static PgConnectOptions connectOptions(Config config) {
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
        options.addProperty("application_name", APPLICATION_NAME);
        return options;
    }
}
