package io.connectors.audit.trail;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL over the trail tables. Every method runs in the caller's transaction, which is org-scoped
 * ({@code TenantSessions.inOrg}) so Row-Level Security applies; queries also name the org, so they use the indexes.
 */
@ApplicationScoped
public class TrailRepository {

    /**
     * Rows per INSERT statement: a whole poll of one org (max.poll.records=500) in one round trip; 14 parameters a row
     * stays well under PostgreSQL's limit of 65535 per statement.
     */
    private static final int INSERT_CHUNK = 500;
    private static final String COLUMNS = "event_id, seq, time, org_id, action, actor, target, outcome, details,"
            + " decision_id, trace_id, source_service, prev_hash, hash";

    /** Locks the org's chain head for this transaction, creating it at genesis for an org's first record. */
    public Uni<ChainHead> lockHead(Mutiny.Session session, String orgId) {
        return session.createNativeQuery("insert into audit_chain_heads as h (org_id, seq, hash) values (:org, 0, :genesis)"
                        + " on conflict (org_id) do update set seq = h.seq returning seq, hash", Object[].class)
                .setParameter("org", orgId)
                .setParameter("genesis", ChainRecord.GENESIS)
                .getSingleResult()
                .map(row -> new ChainHead(((Number) row[0]).longValue(), (String) row[1]));
    }

    public Uni<ChainHead> head(Mutiny.Session session, String orgId) {
        return session.createNativeQuery("select seq, hash from audit_chain_heads where org_id = :org", Object[].class)
                .setParameter("org", orgId)
                .getResultList()
                .map(rows -> rows.isEmpty() ? ChainHead.EMPTY
                        : new ChainHead(((Number) rows.get(0)[0]).longValue(), (String) rows.get(0)[1]));
    }

    public Uni<Void> moveHead(Mutiny.Session session, String orgId, ChainHead head) {
        return session.createNativeQuery("update audit_chain_heads set seq = :seq, hash = :hash, updated_at = now()"
                        + " where org_id = :org")
                .setParameter("seq", head.seq())
                .setParameter("hash", head.hash())
                .setParameter("org", orgId)
                .executeUpdate()
                .replaceWithVoid();
    }

    public Uni<Set<String>> existingEventIds(Mutiny.Session session, String orgId, Collection<String> eventIds) {
        return session.createNativeQuery("select event_id from audit_records where org_id = :org and event_id in (:ids)",
                        String.class)
                .setParameter("org", orgId)
                .setParameter("ids", eventIds)
                .getResultList()
                .map(HashSet::new);
    }

    public Uni<Void> insert(Mutiny.Session session, List<ChainRecord> records) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int start = 0; start < records.size(); start += INSERT_CHUNK) {
            List<ChainRecord> chunk = records.subList(start, Math.min(records.size(), start + INSERT_CHUNK));
            chain = chain.chain(() -> insertChunk(session, chunk));
        }
        return chain;
    }

    private Uni<Void> insertChunk(Mutiny.Session session, List<ChainRecord> chunk) {
        StringBuilder sql = new StringBuilder("insert into audit_records (").append(COLUMNS).append(") values ");
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < chunk.size(); i++) {
            ChainRecord r = chunk.get(i);
            sql.append(i == 0 ? "" : ", ").append("(:e").append(i).append(", :s").append(i).append(", :t").append(i)
                    .append(", :o").append(i).append(", :a").append(i).append(", :ac").append(i).append(", :ta").append(i)
                    .append(", :ou").append(i).append(", :de").append(i).append(", :di").append(i).append(", :tr").append(i)
                    .append(", :ss").append(i).append(", :ph").append(i).append(", :h").append(i).append(")");
            params.put("e" + i, r.eventId());
            params.put("s" + i, r.seq());
            params.put("t" + i, OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC));
            params.put("o" + i, r.orgId());
            params.put("a" + i, r.action());
            params.put("ac" + i, r.actor());
            params.put("ta" + i, r.target());
            params.put("ou" + i, r.outcome());
            params.put("de" + i, r.details());
            params.put("di" + i, r.decisionId());
            params.put("tr" + i, r.traceId());
            params.put("ss" + i, r.sourceService());
            params.put("ph" + i, r.prevHash());
            params.put("h" + i, r.hash());
        }
        var query = session.createNativeQuery(sql.toString());
        params.forEach(query::setParameter);
        return query.executeUpdate().replaceWithVoid();
    }

    /**
     * Up to {@code limit} records after {@code afterSeq} (exclusive) and up to {@code maxSeq} (inclusive, null for no
     * bound) matching {@code filter}, in chain order.
     */
    public Uni<List<ChainRecord>> page(Mutiny.Session session, String orgId, EventFilter filter, long afterSeq,
                                       Long maxSeq, int limit) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS)
                .append(" from audit_records where org_id = :org and seq > :after");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("org", orgId);
        params.put("after", afterSeq);
        if (maxSeq != null) {
            sql.append(" and seq <= :max");
            params.put("max", maxSeq);
        }
        if (filter.from() != null) {
            sql.append(" and time >= :from");
            params.put("from", OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" and time < :to");
            params.put("to", OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
        }
        if (filter.actor() != null) {
            sql.append(" and (actor_subject = :actor or actor_username = :actor)");
            params.put("actor", filter.actor());
        }
        if (filter.action() != null) {
            sql.append(" and action = :action");
            params.put("action", filter.action());
        }
        if (filter.connectorId() != null) {
            sql.append(" and connector_id = :connector");
            params.put("connector", filter.connectorId());
        }
        if (filter.outcome() != null) {
            sql.append(" and outcome = :outcome");
            params.put("outcome", filter.outcome());
        }
        sql.append(" order by seq limit :limit");
        params.put("limit", limit);
        var query = session.createNativeQuery(sql.toString(), Object[].class);
        params.forEach(query::setParameter);
        return query.getResultList().map(TrailRepository::toRecords);
    }

    public Uni<ChainRecord> findByEventId(Mutiny.Session session, String orgId, String eventId) {
        return session.createNativeQuery("select " + COLUMNS + " from audit_records where org_id = :org and event_id = :id",
                        Object[].class)
                .setParameter("org", orgId)
                .setParameter("id", eventId)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : toRecord(rows.get(0)));
    }

    public Uni<ChainRecord> findBySeq(Mutiny.Session session, String orgId, long seq) {
        return session.createNativeQuery("select " + COLUMNS + " from audit_records where org_id = :org and seq = :seq",
                        Object[].class)
                .setParameter("org", orgId)
                .setParameter("seq", seq)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : toRecord(rows.get(0)));
    }

    public Uni<HeadSnapshot> snapshot(Mutiny.Session session, String orgId) {
        return session.createNativeQuery("select h.seq, h.hash, b.seq, b.event_id"
                        + " from (select :org as org_id) o"
                        + " left join audit_chain_heads h on h.org_id = o.org_id"
                        + " left join lateral (select r.seq, r.event_id from audit_records r where r.org_id = o.org_id"
                        + "   and r.seq > coalesce(h.seq, 0) order by r.seq limit 1) b on true", Object[].class)
                .setParameter("org", orgId)
                .getSingleResult()
                .map(row -> new HeadSnapshot(
                        row[0] == null ? ChainHead.EMPTY : new ChainHead(((Number) row[0]).longValue(), (String) row[1]),
                        row[2] == null ? null : ((Number) row[2]).longValue(),
                        (String) row[3]));
    }

    public Uni<Checkpoint> latestCheckpoint(Mutiny.Session session, String orgId, String keyId) {
        return session.createNativeQuery("select seq, hash, signed_at, signature from audit_checkpoints"
                        + " where org_id = :org and key_id = :key order by seq desc limit 1", Object[].class)
                .setParameter("org", orgId)
                .setParameter("key", keyId)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : new Checkpoint(orgId, keyId, ((Number) rows.get(0)[0]).longValue(),
                        (String) rows.get(0)[1], instant(rows.get(0)[2]), (String) rows.get(0)[3]));
    }

    public Uni<Void> insertCheckpoint(Mutiny.Session session, Checkpoint checkpoint) {
        return session.createNativeQuery("insert into audit_checkpoints (org_id, key_id, seq, hash, signed_at, signature)"
                        + " values (:org, :key, :seq, :hash, :signedAt, :signature) on conflict do nothing")
                .setParameter("org", checkpoint.orgId())
                .setParameter("key", checkpoint.keyId())
                .setParameter("seq", checkpoint.seq())
                .setParameter("hash", checkpoint.hash())
                .setParameter("signedAt", OffsetDateTime.ofInstant(checkpoint.signedAt(), ZoneOffset.UTC))
                .setParameter("signature", checkpoint.signature())
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Orgs whose chain head has no checkpoint by {@code keyId} yet (answered across orgs by an owner-run function). */
    public Uni<List<String>> orgsDueForCheckpoint(Mutiny.Session session, String keyId) {
        return session.createNativeQuery("select org_id from audit_chains_due_for_checkpoint(:key) as due(org_id)",
                        String.class)
                .setParameter("key", keyId)
                .getResultList();
    }

    private static List<ChainRecord> toRecords(List<Object[]> rows) {
        List<ChainRecord> records = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            records.add(toRecord(row));
        }
        return records;
    }

    private static ChainRecord toRecord(Object[] row) {
        return new ChainRecord((String) row[0], ((Number) row[1]).longValue(), instant(row[2]), (String) row[3],
                (String) row[4], (String) row[5], (String) row[6], (String) row[7], (String) row[8], (String) row[9],
                (String) row[10], (String) row[11], (String) row[12], (String) row[13]);
    }

    /** Timestamps come back as whichever java.time type the driver chose; all are instants here. */
    static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        } else if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        } else if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        } else if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        } else if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException("Unexpected timestamp type " + (value == null ? "null" : value.getClass()));
    }
}
