package io.connectors.audit.verify;

import io.connectors.audit.AuditConfig;
import io.connectors.audit.checkpoint.CheckpointSigner;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.trail.Checkpoint;
import io.connectors.audit.trail.HeadSnapshot;
import io.connectors.audit.trail.PinnedHash;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Verifies an org's chain: walks every record up to the head read at the start (later appends are not part of this
 * verification), one page per transaction, comparing every stored checkpoint with the record it pins on the way;
 * then checks that nothing is missing before the head or stored past it, and that the latest checkpoint is signed
 * by a known key and does not lie past the head (a cut tail). The first broken record is the one with the lowest seq.
 *
 * <p>Streamed: pages are seq ranges, so the next pages are read (each in its own transaction, on its own connection)
 * while this one is hashed (on worker threads), and memory holds {@code read-ahead + 1} pages whatever the chain's
 * length. A record missing from a range is a gap the walk reports.
 */
@ApplicationScoped
public class ChainVerifier {

    private final TenantSql sql;
    private final TrailRepository trail;
    private final CheckpointSigner signer;
    private final int pageSize;
    private final int threads;
    private final int readAhead;

    public ChainVerifier(TenantSql sql, TrailRepository trail, CheckpointSigner signer, AuditConfig config) {
        this.sql = sql;
        this.trail = trail;
        this.signer = signer;
        this.pageSize = config.verifyPageSize();
        this.threads = config.verifyThreads().orElse(Runtime.getRuntime().availableProcessors());
        this.readAhead = config.verifyReadAhead();
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
     * Checks the pages up to {@code headSeq} in order, each (on worker threads) while the next ones are read. A page is
     * dropped once checked: nothing holds the pages behind the walk.
     */
    private Uni<ChainWalk> walk(String orgId, long headSeq) {
        ChainWalk walk = new ChainWalk(Infrastructure.getDefaultWorkerPool(), threads);
        int pages = Math.toIntExact((headSeq + pageSize - 1) / pageSize);
        // Reads started and not yet checked, in page order; at most readAhead beyond the one being checked.
        Deque<Uni<Page>> ahead = new ArrayDeque<>();
        AtomicInteger started = new AtomicInteger();
        return Multi.createFrom().range(0, pages)
                .onItem().transformToUniAndConcatenate(index -> {
                    if (walk.isBroken()) {
                        return Uni.createFrom().voidItem();
                    }
                    while (started.get() < Math.min(pages, index + 1 + readAhead)) {
                        long from = (long) started.getAndIncrement() * pageSize + 1;
                        ahead.add(started(page(orgId, from, headSeq)));
                    }
                    return ahead.poll()
                            .emitOn(Infrastructure.getDefaultWorkerPool())
                            .invoke(page -> walk.check(page.records(), page.pins()))
                            .replaceWithVoid();
                })
                .collect().last()
                .replaceWith(walk);
    }

    /** One seq range: its records and the checkpoints pinning them, in one transaction (one snapshot). */
    private Uni<Page> page(String orgId, long from, long headSeq) {
        long to = Math.min(headSeq, from + pageSize - 1);
        return sql.inOrg(orgId, connection -> trail.range(connection, orgId, from, to)
                .chain(records -> trail.checkpointHashes(connection, orgId, from, to).map(pins -> new Page(records, pins))));
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
        long headSeq = start.snapshot().head().seq();
        List<BrokenRecord> problems = new ArrayList<>();
        if (walk.isBroken()) {
            problems.add(walk.broken());
        } else if (walk.lastSeq() < headSeq) {
            problems.add(new BrokenRecord(walk.lastSeq() + 1, null, BrokenRecord.SEQUENCE_GAP));
        }
        if (start.snapshot().beyondSeq() != null) {
            problems.add(new BrokenRecord(start.snapshot().beyondSeq(), start.snapshot().beyondEventId(), BrokenRecord.SEQUENCE_GAP));
        }
        if (walk.checkpointMismatch() != null) {
            problems.add(walk.checkpointMismatch());
        }
        VerifyReport.CheckpointView view = null;
        Checkpoint checkpoint = start.checkpoint();
        if (checkpoint != null) {
            ChainRecord pinned = checkpoint.seq() <= headSeq ? start.pinned() : null;
            String problem = problem(checkpoint, headSeq, pinned);
            view = new VerifyReport.CheckpointView(checkpoint.seq(), checkpoint.hash(), checkpoint.signedAt(),
                    checkpoint.keyId(), checkpoint.signature(), problem == null, problem, checkpoint.proof());
            if (VerifyReport.CheckpointView.TAIL_CUT.equals(problem)) {
                problems.add(new BrokenRecord(headSeq + 1, null, BrokenRecord.TAIL_CUT));
            } else if (problem != null) {
                problems.add(new BrokenRecord(checkpoint.seq(), pinned == null ? null : pinned.eventId(),
                        BrokenRecord.CHECKPOINT_MISMATCH));
            }
        }
        // min keeps the first of equal seqs: the record's own fault (added first) rather than the checkpoint's.
        BrokenRecord first = problems.stream().min(Comparator.comparingLong(BrokenRecord::seq)).orElse(null);
        long pinnedUpTo = checkpoint == null ? 0 : Math.min(checkpoint.seq(), headSeq);
        return new VerifyReport(first == null, walk.checked(), first, view, lag(start.snapshot()),
                walk.checkpointsChecked(), headSeq - pinnedUpTo);
    }

    /** Why the latest checkpoint does not hold, or null: its own signature first, then what it says of the chain. */
    private String problem(Checkpoint checkpoint, long headSeq, ChainRecord pinned) {
        switch (signer.check(checkpoint)) {
            case UNKNOWN_KEY:
                return VerifyReport.CheckpointView.UNKNOWN_KEY_ID;
            case INVALID:
                return VerifyReport.CheckpointView.INVALID_SIGNATURE;
            default:
                break;
        }
        if (checkpoint.seq() > headSeq) {
            return VerifyReport.CheckpointView.TAIL_CUT;
        }
        if (pinned == null) {
            return VerifyReport.CheckpointView.RECORD_MISSING;
        }
        return checkpoint.hash().equals(pinned.hash()) ? null : VerifyReport.CheckpointView.HASH_MISMATCH;
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

    private record Page(List<ChainRecord> records, List<PinnedHash> pins) {
    }
}
