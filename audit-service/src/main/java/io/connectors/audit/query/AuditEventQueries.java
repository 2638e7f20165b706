package io.connectors.audit.query;

import io.connectors.audit.AuditConfig;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.trail.EventFilter;
import io.connectors.audit.trail.TrailRepository;
import io.connectors.platform.tenancy.TenantSessions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Reads an org's trail: filtered pages in chain order, one record, and the whole (filtered) trail as a stream. */
@ApplicationScoped
public class AuditEventQueries {

    private final TenantSessions sessions;
    private final TrailRepository trail;
    private final Cursors cursors;
    private final int exportPageSize;

    public AuditEventQueries(TenantSessions sessions, TrailRepository trail, Cursors cursors, AuditConfig config) {
        this.sessions = sessions;
        this.trail = trail;
        this.cursors = cursors;
        this.exportPageSize = config.pageSize();
    }

    Uni<AuditEventPage> list(String orgId, EventQuery query) {
        long after = query.cursor() == null ? 0 : cursors.decode(orgId, query.cursor());
        // One more than asked tells whether a next page exists without counting.
        return sessions.inOrg(orgId, session -> trail.page(session, orgId, query.filter(), after, null, query.limit() + 1))
                .map(records -> {
                    boolean more = records.size() > query.limit();
                    List<ChainRecord> shown = more ? records.subList(0, query.limit()) : records;
                    String next = more ? cursors.encode(orgId, shown.get(shown.size() - 1).seq()) : null;
                    return new AuditEventPage(shown.stream().map(AuditEventDto::of).toList(), next);
                });
    }

    /** The record with event id {@code eventId} in the org's trail, or null. */
    Uni<AuditEventDto> find(String orgId, String eventId) {
        return sessions.inOrg(orgId, session -> trail.findByEventId(session, orgId, eventId))
                .map(record -> record == null ? null : AuditEventDto.of(record));
    }

    /** Every matching record in chain order, read page by page (one transaction each) as the client consumes them. */
    Multi<AuditEventDto> export(String orgId, EventFilter filter) {
        return Multi.createBy().repeating()
                .uni(AtomicLong::new, lastSeq -> sessions.inOrg(orgId,
                                session -> trail.page(session, orgId, filter, lastSeq.get(), null, exportPageSize))
                        .invoke(page -> {
                            if (!page.isEmpty()) {
                                lastSeq.set(page.get(page.size() - 1).seq());
                            }
                        }))
                .until(List::isEmpty)
                .onItem().<ChainRecord>disjoint()
                .map(AuditEventDto::of);
    }
}
