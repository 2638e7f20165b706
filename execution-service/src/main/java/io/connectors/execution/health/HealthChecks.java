package io.connectors.execution.health;

import io.connectors.execution.ExecutionConfig;
import io.connectors.execution.connector.Connector;
import io.connectors.execution.connector.ConnectorReadModel;
import io.connectors.execution.runner.ConnectorGuards;
import io.connectors.execution.runner.OperationRunner;
import io.connectors.execution.runner.RunOutcome;
import io.connectors.platform.tenancy.TenantSql;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Active connectivity checks, only for connectors nothing has told anything about for a {@code check-interval}
 * (executions are passive health: a busy connector is never probed), within a per-replica budget of
 * {@code checks-per-second}: each pass runs at most budget x interval checks, paced, continuing where the previous
 * pass stopped, so 10,000 idle connectors cost a bounded trickle, not a busy core. Each connector is checked by one
 * replica per interval (claimed in the database); one whose breaker is open here is left alone until it lets a trial
 * call through.
 */
@ApplicationScoped
public class HealthChecks {

    private static final Logger LOG = Logger.getLogger(HealthChecks.class);

    private final ConnectorReadModel connectors;
    private final ConnectorHealthRepository health;
    private final OperationRunner runner;
    private final ConnectorGuards guards;
    private final TenantSql sql;
    private final ExecutionConfig.Health config;
    private final AtomicInteger cursor = new AtomicInteger();

    public HealthChecks(ConnectorReadModel connectors, ConnectorHealthRepository health, OperationRunner runner,
                        ConnectorGuards guards, TenantSql sql, ExecutionConfig config) {
        this.connectors = connectors;
        this.health = health;
        this.runner = runner;
        this.guards = guards;
        this.sql = sql;
        this.config = config.health();
    }

    @Scheduled(identity = "connector-health-checks", every = "${connectors.execution.health.check-interval:60s}",
            delayed = "${connectors.execution.health.check-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> onSchedule() {
        return checkAll().onFailure().recoverWithItem(failure -> {
            LOG.warnf("Periodic connector checks failed, will retry: %s", failure.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** One pass over idle connectors, within the budget; answers how many were checked. */
    public Uni<Integer> checkAll() {
        int budget = (int) Math.max(1, Math.floor(config.checksPerSecond() * config.checkInterval().toSeconds()));
        Duration pace = Duration.ofNanos((long) (1e9 / config.checksPerSecond()));
        List<Connector> candidates = rotated(connectors.checkable());
        AtomicInteger checked = new AtomicInteger();
        AtomicInteger examined = new AtomicInteger();
        return Multi.createFrom().iterable(candidates)
                .select().where(connector -> checked.get() < budget && !guards.isOpen(connector.id()))
                .onItem().transformToUniAndConcatenate(connector -> {
                    examined.incrementAndGet();
                    Instant started = Instant.now();
                    return check(connector).call(ran -> {
                        if (!ran) {
                            return Uni.createFrom().voidItem();
                        }
                        checked.incrementAndGet();
                        Duration left = pace.minus(Duration.between(started, Instant.now()));
                        return left.isNegative() || left.isZero() ? Uni.createFrom().voidItem()
                                : Uni.createFrom().voidItem().onItem().delayIt().by(left);
                    });
                })
                .collect().asList()
                .invoke(() -> cursor.addAndGet(examined.get()))
                .map(ignored -> checked.get());
    }

    /** The candidates starting where the previous pass stopped, so a budget smaller than the fleet reaches everyone. */
    private List<Connector> rotated(List<Connector> all) {
        if (all.isEmpty()) {
            return all;
        }
        int start = Math.floorMod(cursor.get(), all.size());
        List<Connector> rotated = new ArrayList<>(all.subList(start, all.size()));
        rotated.addAll(all.subList(0, start));
        return rotated;
    }

    private Uni<Boolean> check(Connector connector) {
        return sql.inOrg(connector.orgId(), connection -> health.claimCheck(connection, connector.orgId(), connector.id(),
                        config.checkInterval()))
                .chain(claimed -> !claimed ? Uni.createFrom().item(false) : runner.check(connector)
                        .chain(outcome -> record(connector, outcome))
                        .replaceWith(true));
    }

    private Uni<Void> record(Connector connector, RunOutcome outcome) {
        if (!outcome.succeeded() && !outcome.failure().countsAgainstHealth()) {
            return Uni.createFrom().voidItem();
        }
        return sql.inOrg(connector.orgId(), connection -> health.record(connection, connector.orgId(), connector.id(),
                List.of(new HealthSample(Instant.now(), outcome.succeeded(), ConnectorHealthRepository.CHECK))));
    }
}
