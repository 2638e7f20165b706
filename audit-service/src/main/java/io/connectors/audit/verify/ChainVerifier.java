package io.connectors.audit.verify;

import io.connectors.audit.AuditConfig;
import io.connectors.audit.checkpoint.CheckpointSigner;
import io.connectors.audit.trail.Checkpoint;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.trail.HeadSnapshot;
import io.connectors.audit.trail.TrailRepository;
import io.connectors.platform.tenancy.TenantSql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies an org's chain: walks every record up to the head read at the start (later appends are not part of this
 * verification), one page per transaction, then checks that nothing is missing before the head or stored past it,
 * and that the latest signed checkpoint still matches. The first broken record is the one with the lowest seq.
 *
 * <p>Streamed: pages are seq ranges, so the next page is read while this one is hashed (on a worker thread), and
 * memory holds two pages whatever the chain's length. A record missing from a range is a gap the walk reports, as a
 * short keyset page was before.
 */
@ApplicationScoped
public class ChainVerifier {

    private final TenantSql sql;
    private final TrailRepository trail;
    private final CheckpointSigner signer;
    private final int pageSize;

    public ChainVerifier(TenantSql sql, TrailRepository trail, CheckpointSigner signer, AuditConfig config) {
        this.sql = sql;
        this.trail = trail;
        this.signer = signer;
        this.pageSize = config.verifyPageSize();
    }

    public Uni<VerifyReport> verify(String orgId) {
        return sql.inOrg(orgId, connection -> trail.snapshot(connection, orgId)
                        .chain(snapshot -> trail.latestCheckpoint(connection, orgId, signer.keyId())
                                .chain(checkpoint -> checkpoint == null
                                        ? Uni.createFrom().item(new Start(snapshot, null, null))
                                        : trail.findBySeq(connection, orgId, checkpoint.seq())
                                        .map(pinned -> new Start(snapshot, checkpoint, pinned)))))
                .chain(start -> walk(orgId, start.snapshot().head().seq()).map(walk -> report(start, walk)));
    }

    /**
     * Checks the pages up to {@code headSeq} in order, each (on a worker thread) while the next is read. A page is
     * dropped once checked: nothing holds the pages behind the walk, so memory stays at two or three pages.
     */
    private Uni<ChainWalk> walk(String orgId, long headSeq) {
        ChainWalk walk = new ChainWalk();
        AtomicReference<Uni<List<ChainRecord>>> next = new AtomicReference<>();
        int pages = Math.toIntExact((headSeq + pageSize - 1) / pageSize);
        return Multi.createFrom().range(0, pages)
                .onItem().transformToUniAndConcatenate(index -> {
                    if (walk.isBroken()) {
                        return Uni.createFrom().voidItem();
                    }
                    long from = (long) index * pageSize + 1;
                    Uni<List<ChainRecord>> current = index == 0 ? page(orgId, from, headSeq) : next.get();
                    return current
                            .invoke(() -> next.set(from + pageSize <= headSeq ? started(page(orgId, from + pageSize, headSeq)) : null))
                            .emitOn(Infrastructure.getDefaultWorkerPool())
                            .invoke(walk::check)
                            .replaceWithVoid();
                })
                .collect().last()
                .replaceWith(walk);
    }

    private Uni<List<ChainRecord>> page(String orgId, long from, long headSeq) {
        return sql.inOrg(orgId, connection -> trail.range(connection, orgId, from, Math.min(headSeq, from + pageSize - 1)));
    }

    /** Subscribes now (the read starts) and replays the outcome to the later subscriber. */
    private static <T> Uni<T> started(Uni<T> uni) {
        Uni<T> memoized = uni.memoize().indefinitely();
        // An outcome nobody waits for any more (the walk stopped at a broken record) is dropped.
        memoized.subscribe().with(item -> {
        }, failure -> {
        });
        return memoized;
    }

    private VerifyReport report(Start start, ChainWalk walk) {
        List<BrokenRecord> problems = new ArrayList<>();
        if (walk.isBroken()) {
            problems.add(walk.broken());
        } else if (walk.lastSeq() < start.snapshot().head().seq()) {
            problems.add(new BrokenRecord(walk.lastSeq() + 1, null, BrokenRecord.SEQUENCE_GAP));
        }
        if (start.snapshot().beyondSeq() != null) {
            problems.add(new BrokenRecord(start.snapshot().beyondSeq(), start.snapshot().beyondEventId(), BrokenRecord.SEQUENCE_GAP));
        }
        VerifyReport.CheckpointView view = null;
        Checkpoint checkpoint = start.checkpoint();
        if (checkpoint != null) {
            ChainRecord pinned = start.pinned();
            boolean matches = signer.verify(checkpoint) && pinned != null && checkpoint.hash().equals(pinned.hash());
            view = new VerifyReport.CheckpointView(checkpoint.seq(), checkpoint.hash(), checkpoint.signedAt(),
                    checkpoint.keyId(), checkpoint.signature(), matches);
            if (!matches) {
                problems.add(new BrokenRecord(checkpoint.seq(), pinned == null ? null : pinned.eventId(),
                        BrokenRecord.CHECKPOINT_MISMATCH));
            }
        }
        // min keeps the first of equal seqs: the record's own fault (added first) rather than the checkpoint's.
        BrokenRecord first = problems.stream().min(Comparator.comparingLong(BrokenRecord::seq)).orElse(null);
        return new VerifyReport(first == null, walk.checked(), first, view, lag(start.snapshot()));
    }

    private static VerifyReport.Lag lag(HeadSnapshot snapshot) {
        Instant created = snapshot.headTime();
        Instant chained = snapshot.chainedAt();
        return new VerifyReport.Lag(snapshot.head().seq(), created, chained,
                created == null || chained == null ? null : Duration.between(created, chained).toMillis(),
                created == null ? null : Duration.between(created, Instant.now()).toMillis());
    }

    private record Start(HeadSnapshot snapshot, Checkpoint checkpoint, ChainRecord pinned) {
    }
}
