package io.connectors.audit.ingest;

import io.connectors.audit.trail.ChainHead;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.trail.TrailRepository;
import io.connectors.platform.tenancy.TenantSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends one org's records to its hash chain in one transaction within the org's scope. The chain head is locked
 * first, so appends to one org serialise (across consumers and replicas) while other orgs proceed; under that lock the
 * event ids already stored are skipped, so a redelivered record takes no sequence number and is stored once.
 */
@ApplicationScoped
public class ChainAppender {

    private final TenantSessions sessions;
    private final TrailRepository trail;

    public ChainAppender(TenantSessions sessions, TrailRepository trail) {
        this.sessions = sessions;
        this.trail = trail;
    }

    /** Appends {@code records} (one org's, in arrival order); returns how many were new. */
    public Uni<Integer> append(String orgId, List<ChainRecord> records) {
        List<String> eventIds = records.stream().map(ChainRecord::eventId).distinct().toList();
        return sessions.inOrg(orgId, session -> trail.lockHead(session, orgId)
                .chain(head -> trail.existingEventIds(session, orgId, eventIds)
                        .chain(stored -> {
                            List<ChainRecord> linked = link(head, records, stored);
                            if (linked.isEmpty()) {
                                return Uni.createFrom().item(0);
                            }
                            ChainRecord last = linked.get(linked.size() - 1);
                            return trail.insert(session, linked)
                                    .chain(() -> trail.moveHead(session, orgId, new ChainHead(last.seq(), last.hash())))
                                    .replaceWith(linked.size());
                        })));
    }

    static List<ChainRecord> link(ChainHead head, List<ChainRecord> records, Set<String> alreadyStored) {
        Set<String> seen = new HashSet<>(alreadyStored);
        List<ChainRecord> linked = new ArrayList<>(records.size());
        long seq = head.seq();
        String prevHash = head.hash();
        for (ChainRecord record : records) {
            if (seen.add(record.eventId())) {
                ChainRecord link = ChainRecord.link(record, ++seq, prevHash);
                linked.add(link);
                prevHash = link.hash();
            }
        }
        return linked;
    }
}
