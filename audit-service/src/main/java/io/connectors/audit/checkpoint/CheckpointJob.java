package io.connectors.audit.checkpoint;

import io.connectors.audit.trail.TrailRepository;
import io.connectors.platform.tenancy.TenantSessions;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.stream.Collectors;

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
    private final TrailRepository trail;
    private final CheckpointSigner signer;

    public CheckpointJob(TenantSessions sessions, TrailRepository trail, CheckpointSigner signer) {
        this.sessions = sessions;
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

    /** Signs every chain head that has no checkpoint yet; answers how many were signed. */
    public Uni<Integer> checkpointChangedChains() {
        // Listing the due orgs is the one cross-org step; it answers org ids only (see the migration).
        return sessions.unscoped(session -> trail.orgsDueForCheckpoint(session, signer.keyId()))
                .onItem().transformToMulti(orgs -> Multi.createFrom().iterable(orgs))
                // A Uni<Void>'s null item would not be emitted, and so not counted.
                .onItem().transformToUniAndConcatenate(org -> checkpoint(org).replaceWith(1))
                .collect().with(Collectors.counting())
                .map(Long::intValue);
    }

    private Uni<Void> checkpoint(String orgId) {
        return sessions.inOrg(orgId, session -> trail.head(session, orgId)
                .chain(head -> trail.insertCheckpoint(session, signer.sign(orgId, head.seq(), head.hash()))));
    }
}
