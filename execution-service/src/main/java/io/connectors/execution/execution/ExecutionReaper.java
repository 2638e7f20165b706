package io.connectors.execution.execution;

import io.connectors.execution.ExecutionConfig;
import io.connectors.platform.tenancy.TenantSql;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Resolves executions a crash left non-terminal. {@code running} past the longest a run can take (every attempt at
 * its deadline, with the back-offs between, plus {@code running-grace}) becomes {@code interrupted}: the call may
 * have happened, its outcome is unknown, and it is never re-run by itself. {@code received} (rows of the earlier
 * flow, which stored an execution before deciding it) past {@code received-after} becomes {@code cancelled}: it was
 * never decided, so it never ran. Each transition is audited and published like any other; replicas may reap at
 * once, since each row is re-checked under its lock.
 */
@ApplicationScoped
public class ExecutionReaper {

    private static final Logger LOG = Logger.getLogger(ExecutionReaper.class);

    private final TenantSql sql;
    private final ExecutionStore store;
    private final ExecutionFlow flow;
    private final ExecutionConfig config;

    public ExecutionReaper(TenantSql sql, ExecutionStore store, ExecutionFlow flow, ExecutionConfig config) {
        this.sql = sql;
        this.store = store;
        this.flow = flow;
        this.config = config;
    }

    @Scheduled(identity = "execution-reaper", every = "${connectors.execution.reaper.interval:30s}",
            delayed = "${connectors.execution.reaper.interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> onSchedule() {
        return reap().onFailure().recoverWithItem(failure -> {
            LOG.warnf("The execution reaper failed, will retry: %s", failure.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** One pass; answers how many executions it resolved. */
    public Uni<Integer> reap() {
        Instant now = Instant.now();
        return reap(ExecutionStatus.RUNNING, now.minus(longestRun()).minus(config.reaper().runningGrace()))
                .chain(interrupted -> reap(ExecutionStatus.RECEIVED, now.minus(config.reaper().receivedAfter()))
                        .map(cancelled -> interrupted + cancelled));
    }

    private Uni<Integer> reap(ExecutionStatus status, Instant notUpdatedSince) {
        return sql.directory(connection -> store.stuck(connection, status, notUpdatedSince, config.reaper().batchSize()))
                .chain(stuck -> stuck.isEmpty() ? Uni.createFrom().item(List.<Boolean>of()) : Multi.createFrom().iterable(stuck)
                        .onItem().transformToUniAndConcatenate(found ->
                                flow.resolveStuck(found.orgId(), found.id(), status, notUpdatedSince))
                        .collect().asList())
                .map(resolved -> (int) resolved.stream().filter(Boolean::booleanValue).count());
    }

    /** Every attempt at its deadline, and the longest wait between two (back-off or an honoured Retry-After). */
    Duration longestRun() {
        int attempts = config.retry().maxAttempts();
        Duration wait = config.retry().maxBackoff().compareTo(config.retry().maxRetryAfter()) > 0
                ? config.retry().maxBackoff() : config.retry().maxRetryAfter();
        return config.outbound().attemptTimeout().multipliedBy(attempts).plus(wait.multipliedBy(attempts - 1L))
                .plus(config.finish().giveUpAfter());
    }
}
