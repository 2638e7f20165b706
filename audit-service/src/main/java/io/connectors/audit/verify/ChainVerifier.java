package io.connectors.audit.verify;

import io.connectors.audit.AuditConfig;
import io.connectors.audit.checkpoint.CheckpointSigner;
import io.connectors.audit.trail.Checkpoint;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.trail.EventFilter;
import io.connectors.audit.trail.HeadSnapshot;
import io.connectors.audit.trail.TrailRepository;
import io.connectors.platform.tenancy.TenantSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Verifies an org's chain: walks every record up to the head read at the start (later appends are not part of this
 * verification), one page per transaction, then checks that nothing is missing before the head or stored past it,
 * and that the latest signed checkpoint still matches. The first broken record is the one with the lowest seq.
 */
@ApplicationScoped
public class ChainVerifier {

    private final TenantSessions sessions;
    private final TrailRepository trail;
    private final CheckpointSigner signer;
    private final int pageSize;

    public ChainVerifier(TenantSessions sessions, TrailRepository trail, CheckpointSigner signer, AuditConfig config) {
        this.sessions = sessions;
        this.trail = trail;
        this.signer = signer;
        this.pageSize = config.pageSize();
    }

    public Uni<VerifyReport> verify(String orgId) {
        return sessions.inOrg(orgId, session -> trail.snapshot(session, orgId)
                        .chain(snapshot -> trail.latestCheckpoint(session, orgId, signer.keyId())
                                .chain(checkpoint -> checkpoint == null
                                        ? Uni.createFrom().item(new Start(snapshot, null, null))
                                        : trail.findBySeq(session, orgId, checkpoint.seq())
                                        .map(pinned -> new Start(snapshot, checkpoint, pinned)))))
                .chain(start -> walk(orgId, new ChainWalk(), start.snapshot().head().seq())
                        .map(walk -> report(start, walk)));
    }

    private Uni<ChainWalk> walk(String orgId, ChainWalk walk, long headSeq) {
        return sessions.inOrg(orgId, session -> trail.page(session, orgId, EventFilter.ALL, walk.lastSeq(), headSeq, pageSize))
                .chain(page -> {
                    walk.check(page);
                    return walk.isBroken() || page.size() < pageSize ? Uni.createFrom().item(walk) : walk(orgId, walk, headSeq);
                });
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
        return new VerifyReport(first == null, walk.checked(), first, view);
    }

    private record Start(HeadSnapshot snapshot, Checkpoint checkpoint, ChainRecord pinned) {
    }
}
