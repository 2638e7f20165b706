package io.connectors.audit.checkpoint;

import io.connectors.audit.trail.ChainHead;
import io.connectors.audit.trail.TrailRepository;
import io.connectors.platform.tenancy.TenantSessions;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;

/**
 * Periodically signs the head of every chain that has no checkpoint by the active key at its head yet: the safety net
 * behind {@link PromptCheckpoints} (heads left unsigned by a crash, by another replica, or before a key rotation). A
 * checkpoint pins the chain up to its head: an owner who later rewrites those records (even recomputing every hash)
 * no longer matches it, and cannot sign a new one without the key.
 */
@ApplicationScoped
public class CheckpointJob {

    private static final Logger LOG = Logger.getLogger(CheckpointJob.class);

    private final TenantSessions sessions;
    private final Pool pool;
    private final TrailRepository trail;
    private final CheckpointSigner signer;

    public CheckpointJob(TenantSessions sessions, Pool pool, TrailRepository trail, CheckpointSigner signer) {
        this.sessions = sessions;
        this.pool = pool;
        this.trail = trail;
        this.signer = signer;
    }

    @Scheduled(identity = "audit-checkpoints", every = "${connectors.audit.checkpoint.interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> onSchedule() {
        return checkpointChangedChains()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Audit checkpoints not written this time, will retry: %s", failure.toString());
                    return 0;
                })
                .replaceWithVoid();
    }

    /**
     * Signs every chain head that has no checkpoint by the active key yet, all with one signature (as prompt
     * checkpoints are: after a key rotation that is every org), stored in one statement; answers how many.
     */
    public Uni<Integer> checkpointChangedChains() {
        // Listing the due orgs is the one cross-org step; it answers org ids only (see the migration).
        return sessions.unscoped(session -> trail.orgsDueForCheckpoint(session, signer.keyId()))
                .onItem().transformToMulti(orgs -> Multi.createFrom().iterable(orgs))
                .onItem().transformToUniAndConcatenate(org -> sessions.inOrg(org, session -> trail.head(session, org))
                        .map(head -> Map.entry(org, head)))
                .collect().in(() -> new HashMap<String, ChainHead>(), (heads, due) -> heads.put(due.getKey(), due.getValue()))
                .chain(heads -> heads.isEmpty() ? Uni.createFrom().item(0)
                        // Signing is CPU work: on a worker thread, never on the event loop.
                        : Uni.createFrom().item(() -> signer.signAll(heads))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .chain(checkpoints -> pool.withTransaction(connection -> trail.insertCheckpoints(connection, checkpoints)))
                        .replaceWith(heads.size()));
    }
}
