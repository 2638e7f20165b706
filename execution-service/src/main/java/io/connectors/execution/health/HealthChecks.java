package io.connectors.execution.health;

import io.connectors.execution.ExecutionConfig;
import io.connectors.execution.connector.ConnectorDirectory;
import io.connectors.execution.connector.ConnectorRef;
import io.connectors.execution.connector.ConnectorRepository;
import io.connectors.execution.runner.ConnectorGuards;
import io.connectors.execution.runner.OperationRunner;
import io.connectors.execution.runner.RunOutcome;
import io.connectors.execution.support.VertxContexts;
import io.connectors.platform.tenancy.TenantSessions;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * Periodic connectivity checks of every enabled connector with credentials, so a connector's status is judged over
 * time even when nothing executes. Each connector is checked by one replica per interval (claimed in the database);
 * a connector whose breaker is open on this replica is left alone until it lets a trial call through.
 */
@ApplicationScoped
public class HealthChecks {

    private static final Logger LOG = Logger.getLogger(HealthChecks.class);

    private final ConnectorDirectory directory;
    private final ConnectorRepository connectors;
    private final ConnectorHealthRepository health;
    private final OperationRunner runner;
    private final ConnectorGuards guards;
    private final TenantSessions tenants;
    private final ExecutionConfig.Health config;

    public HealthChecks(ConnectorDirectory directory, ConnectorRepository connectors, ConnectorHealthRepository health,
                        OperationRunner runner, ConnectorGuards guards, TenantSessions tenants, ExecutionConfig config) {
        this.directory = directory;
        this.connectors = connectors;
        this.health = health;
        this.runner = runner;
        this.guards = guards;
        this.tenants = tenants;
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

    /** Checks every connector due for a check; answers how many were checked. */
    public Uni<Integer> checkAll() {
        Executor context = VertxContexts.current();
        return directory.checkable().chain(due -> Multi.createFrom().iterable(due)
                .onItem().transformToUniAndConcatenate(connector -> check(connector, context))
                .filter(Boolean::booleanValue)
                .collect().asList()
                .map(List::size));
    }

    private Uni<Boolean> check(ConnectorRef ref, Executor context) {
        if (guards.isOpen(ref.id())) {
            return Uni.createFrom().item(false);
        }
        return tenants.inOrg(ref.orgId(), session -> health.claimCheck(session, ref.orgId(), ref.id(), config.checkInterval())
                        .chain(claimed -> claimed ? connectors.find(session, ref.id()) : Uni.createFrom().nullItem()))
                .chain(connector -> connector == null ? Uni.createFrom().item(false) : runner.check(connector)
                        .emitOn(context)
                        .chain(outcome -> record(ref, outcome))
                        .replaceWith(true));
    }

    private Uni<Void> record(ConnectorRef ref, RunOutcome outcome) {
        if (!outcome.succeeded() && !outcome.failure().countsAgainstHealth()) {
            return Uni.createFrom().voidItem();
        }
        return tenants.inOrg(ref.orgId(), session -> health.record(session, ref.orgId(), ref.id(), outcome.succeeded(),
                ConnectorHealthRepository.CHECK));
    }
}
