package io.connectors.audit.checkpoint;

import io.connectors.audit.AuditConfig;
import io.connectors.audit.trail.ChainHead;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.trail.TrailRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Signs the chain heads a stored batch moved, soon after its commit: each org's newest head is remembered, and at most
 * once per {@code prompt-delay} every remembered head is signed (one signature for all, on a worker thread) and
 * stored in one transaction. The appender only records heads in a map, so ingest latency does not wait for a
 * signature. The heads signed are the ones this service just committed (not read back from the database), so
 * tampering after the commit is never signed.
 *
 * <p>A head that a failure or a stop leaves unsigned is signed by the periodic {@link CheckpointJob}.
 */
@ApplicationScoped
public class PromptCheckpoints {

    private static final Logger LOG = Logger.getLogger(PromptCheckpoints.class);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Pool pool;
    private final TrailRepository trail;
    private final CheckpointSigner signer;
    private final Duration delay;
    private final Map<String, ChainHead> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Duration retryDelay;

    public PromptCheckpoints(Pool pool, TrailRepository trail, CheckpointSigner signer, AuditConfig config) {
        this.pool = pool;
        this.trail = trail;
        this.signer = signer;
        this.delay = config.checkpoint().promptDelay();
        this.retryDelay = delay;
    }

    /** {@code linked} (grouped by org, each org's in chain order) was committed: sign the heads it moved soon. */
    public void chained(List<ChainRecord> linked) {
        for (int i = 0; i < linked.size(); i++) {
            ChainRecord record = linked.get(i);
            if (i + 1 == linked.size() || !record.orgId().equals(linked.get(i + 1).orgId())) {
                pending.merge(record.orgId(), new ChainHead(record.seq(), record.hash()), PromptCheckpoints::newer);
            }
        }
        schedule(delay);
    }

    private void schedule(Duration after) {
        if (pending.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        Uni.createFrom().voidItem().onItem().delayIt().by(after)
                .chain(this::flush)
                .subscribe().with(stored -> {
                    retryDelay = delay;
                    scheduled.set(false);
                    // Heads remembered while this flush ran.
                    schedule(delay);
                }, failure -> {
                    Duration doubled = retryDelay.multipliedBy(2);
                    retryDelay = doubled.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : doubled;
                    LOG.warnf("Prompt audit checkpoints not stored, retrying in %s: %s", retryDelay, failure.toString());
                    scheduled.set(false);
                    schedule(retryDelay);
                });
    }

    /** Signs and stores every remembered head; a head that fails goes back to be tried again. */
    Uni<Integer> flush() {
        Map<String, ChainHead> heads = new HashMap<>();
        for (String org : pending.keySet()) {
            ChainHead head = pending.remove(org);
            if (head != null) {
                heads.put(org, head);
            }
        }
        if (heads.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // One signature for all (CheckpointBatches), still CPU work: never on the event loop the commit completed on.
        return Uni.createFrom().item(() -> signer.signAll(heads))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(checkpoints -> pool.withTransaction(connection -> trail.insertCheckpoints(connection, checkpoints)))
                .onFailure().invoke(failure -> heads.forEach((org, head) -> pending.merge(org, head, PromptCheckpoints::newer)));
    }

    private static ChainHead newer(ChainHead a, ChainHead b) {
        return b.seq() > a.seq() ? b : a;
    }

    /** A graceful stop signs what the last batches moved, so a rolling restart leaves no head unpinned. */
    void onStop(@Observes ShutdownEvent stop) {
        try {
            flush().await().atMost(STOP_WAIT);
        } catch (RuntimeException e) {
            LOG.warnf("Prompt audit checkpoints not stored at shutdown (the periodic job signs them after the restart): %s",
                    e.toString());
        }
    }
}
