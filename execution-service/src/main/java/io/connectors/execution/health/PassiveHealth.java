package io.connectors.execution.health;

import io.connectors.execution.runner.RunOutcome;
import io.connectors.platform.tenancy.TenantSql;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Health samples from executions (passive health): gathered in memory and written every {@code flush-interval}, so
 * the execute path takes no lock on a connector's health row and a busy connector costs one write per interval, not
 * one per execution. Per connector only the newest {@code window} samples are kept (the judgement uses no more).
 */
@ApplicationScoped
public class PassiveHealth {

    private static final Logger LOG = Logger.getLogger(PassiveHealth.class);

    private record Pending(String orgId, List<HealthSample> samples) {
    }

    private final TenantSql sql;
    private final ConnectorHealthRepository health;
    private final int window;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public PassiveHealth(TenantSql sql, ConnectorHealthRepository health, io.connectors.execution.ExecutionConfig config) {
        this.sql = sql;
        this.health = health;
        this.window = config.health().window();
    }

    /** An execution's call: a sample unless it failed for a reason that says nothing about the connector. */
    public void sample(String orgId, String connectorId, RunOutcome outcome) {
        if (!outcome.succeeded() && !outcome.failure().countsAgainstHealth()) {
            return;
        }
        HealthSample sample = new HealthSample(Instant.now(), outcome.succeeded(), ConnectorHealthRepository.EXECUTION);
        pending.compute(connectorId, (id, waiting) -> {
            Pending next = waiting == null ? new Pending(orgId, new ArrayList<>()) : waiting;
            next.samples().add(sample);
            if (next.samples().size() > window) {
                next.samples().remove(0);
            }
            return next;
        });
    }

    @Scheduled(identity = "passive-health-flush", every = "${connectors.execution.health.flush-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> onSchedule() {
        return flush().onFailure().recoverWithItem(failure -> {
            LOG.warnf("Writing health samples failed (they are kept for the next try): %s", failure.toString());
            return null;
        });
    }

    /**
     * Writes every gathered sample; samples whose write fails are put back for the next flush (samples still in
     * memory when the process stops are lost: health is judged over time, from the next ones).
     */
    public Uni<Void> flush() {
        List<Map.Entry<String, Pending>> taken = new ArrayList<>();
        for (String connectorId : List.copyOf(pending.keySet())) {
            Pending samples = pending.remove(connectorId);
            if (samples != null) {
                taken.add(Map.entry(connectorId, samples));
            }
        }
        return Multi.createFrom().iterable(taken)
                .onItem().transformToUniAndConcatenate(entry -> sql.inOrg(entry.getValue().orgId(), connection ->
                                health.record(connection, entry.getValue().orgId(), entry.getKey(), entry.getValue().samples()))
                        .onFailure().invoke(() -> putBack(entry.getKey(), entry.getValue()))
                        .onFailure().recoverWithNull())
                .collect().asList()
                .replaceWithVoid();
    }

    private void putBack(String connectorId, Pending failed) {
        pending.merge(connectorId, failed, (newer, older) -> {
            List<HealthSample> all = new ArrayList<>(older.samples());
            all.addAll(newer.samples());
            return new Pending(newer.orgId(), new ArrayList<>(all.subList(Math.max(0, all.size() - window), all.size())));
        });
    }
}
