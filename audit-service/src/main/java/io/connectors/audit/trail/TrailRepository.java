package io.connectors.audit.trail;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * SQL over the trail tables. Every method runs in the caller's transaction, which is org-scoped
 * ({@code TenantSessions.inOrg}, {@code TenantSql.inOrg}) so Row-Level Security applies; queries also name the org, so
 * they use the indexes. The ingest path ({@link #lockHeads}, {@link #append}) takes a whole batch of many orgs on the
 * reactive SQL client: its functions (migration V2) scope each org's statements to that org themselves.
 */
@ApplicationScoped
public class TrailRepository {

    /** The SQLSTATE of {@link #append} finding an event id already stored (a redelivery linked as new). */
    public static final String ALREADY_STORED = "AUD01";
    private static final String COLUMNS = "event_id, seq, time, org_id, action, actor, target, outcome, details,"
            + " decision_id, trace_id, source_service, prev_hash, hash";

    public Uni<ChainHead> head(Mutiny.Session session, String orgId) {
        return session.createNativeQuery("select seq, hash from audit_chain_heads where org_id = :org", Object[].class)
                .setParameter("org", orgId)
                .getResultList()
                .map(rows -> rows.isEmpty() ? ChainHead.EMPTY
                        : new ChainHead(((Number) rows.get(0)[0]).longValue(), (String) rows.get(0)[1]));
    }

    /**
     * Locks the chain head of each of {@code orgs} (sorted, so concurrent appenders lock in the same order) for this
     * transaction, creating it at genesis for an org's first record, each under its org's scope, in one statement.
     */
    public Uni<Map<String, ChainHead>> lockHeads(SqlConnection connection, Collection<String> orgs) {
        return connection.preparedQuery("select head_org, head_seq, head_hash from audit_lock_heads($1, $2)")
                .execute(Tuple.of(orgs.toArray(String[]::new), ChainRecord.GENESIS))
                .map(rows -> {
                    Map<String, ChainHead> heads = new HashMap<>();
                    for (Row row : rows) {
                        heads.put(row.getString(0), new ChainHead(row.getLong(1), row.getString(2)));
                    }
                    return heads;
                });
    }

    /** The event ids of {@code byOrg}'s records that their org has stored already, by org, in one statement. */
    public Uni<Map<String, Set<String>>> storedEventIds(SqlConnection connection, SortedMap<String, List<ChainRecord>> byOrg) {
        String[] orgs = byOrg.keySet().toArray(String[]::new);
        Integer[] counts = new Integer[orgs.length];
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < orgs.length; i++) {
            List<ChainRecord> records = byOrg.get(orgs[i]);
            counts[i] = records.size();
            records.forEach(r -> eventIds.add(r.eventId()));
        }
        return connection.preparedQuery("select stored_org, stored_id from audit_stored_event_ids($1, $2, $3)")
                .execute(Tuple.of(orgs, counts, eventIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Set<String>> stored = new HashMap<>();
                    for (Row row : rows) {
                        stored.computeIfAbsent(row.getString(0), org -> new HashSet<>()).add(row.getString(1));
                    }
                    return stored;
                });
    }

    /**
     * Inserts linked records and moves each org's head to its last one, in one statement. {@code linked} holds each
     * org's records (non-empty, in chain order) under the heads locked by {@link #lockHeads} in this transaction. Fails
     * with SQLSTATE {@value #ALREADY_STORED}, storing nothing, if one of the event ids is already stored.
     */
    public Uni<Void> append(SqlConnection connection, Collection<List<ChainRecord>> linked) {
        int orgCount = linked.size();
        int n = linked.stream().mapToInt(List::size).sum();
        String[] orgs = new String[orgCount];
        Integer[] counts = new Integer[orgCount];
        String[] eventIds = new String[n], actions = new String[n], actors = new String[n], targets = new String[n],
                outcomes = new String[n], details = new String[n], decisionIds = new String[n], traceIds = new String[n],
                sources = new String[n], prevHashes = new String[n], hashes = new String[n];
        Long[] seqs = new Long[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        int org = 0;
        int i = 0;
        for (List<ChainRecord> records : linked) {
            orgs[org] = records.get(0).orgId();
            counts[org++] = records.size();
            for (ChainRecord r : records) {
                eventIds[i] = r.eventId();
                seqs[i] = r.seq();
                times[i] = OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC);
                actions[i] = r.action();
                actors[i] = r.actor();
                targets[i] = r.target();
                outcomes[i] = r.outcome();
                details[i] = r.details();
                decisionIds[i] = r.decisionId();
                traceIds[i] = r.traceId();
                sources[i] = r.sourceService();
                prevHashes[i] = r.prevHash();
                hashes[i++] = r.hash();
            }
        }
        return connection.preparedQuery("select audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
                .execute(Tuple.tuple(List.of(orgs, counts, eventIds, seqs, times, actions, actors, targets, outcomes,
                        details, decisionIds, traceIds, sources, prevHashes, hashes)))
                .replaceWithVoid();
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

    public Uni<ChainRecord> findBySeq(SqlConnection connection, String orgId, long seq) {
        return connection.preparedQuery("select " + COLUMNS + " from audit_records where org_id = $1 and seq = $2")
                .execute(Tuple.of(orgId, seq))
                .map(rows -> rows.size() == 0 ? null : toRecord(rows.iterator().next()));
    }

    /**
     * The records of {@code orgId} with {@code fromSeq <= seq <= toSeq}, in chain order: a page of a walk that reads
     * pages by seq range, so the next pages can be requested before this one is checked. {@code org_id} is not read
     * (the query pins it): one column less to send and decode on the path verify spends its time on.
     */
    public Uni<List<ChainRecord>> range(SqlConnection connection, String orgId, long fromSeq, long toSeq) {
        return connection.preparedQuery("select event_id, seq, time, action, actor, target, outcome, details,"
                        + " decision_id, trace_id, source_service, prev_hash, hash from audit_records where org_id = $1"
                        + " and seq >= $2 and seq <= $3 order by seq")
                .execute(Tuple.of(orgId, fromSeq, toSeq))
                .map(rows -> {
                    List<ChainRecord> records = new ArrayList<>(rows.size());
                    // The driver's rows themselves: the Mutiny wrapper would add an object per row.
                    @SuppressWarnings("unchecked")
                    Iterable<io.vertx.sqlclient.Row> driverRows = (Iterable<io.vertx.sqlclient.Row>) rows.getDelegate();
                    for (io.vertx.sqlclient.Row row : driverRows) {
                        records.add(new ChainRecord(row.getString(0), row.getLong(1), row.getOffsetDateTime(2).toInstant(),
                                orgId, row.getString(3), row.getString(4), row.getString(5), row.getString(6),
                                row.getString(7), row.getString(8), row.getString(9), row.getString(10),
                                row.getString(11), row.getString(12)));
                    }
                    return records;
                });
    }

    /** The seq and hash of every checkpoint (any key) of {@code orgId} with {@code fromSeq <= seq <= toSeq}, by seq. */
    public Uni<List<PinnedHash>> checkpointHashes(SqlConnection connection, String orgId, long fromSeq, long toSeq) {
        return connection.preparedQuery("select seq, hash from audit_checkpoints where org_id = $1 and seq >= $2"
                        + " and seq <= $3 order by seq")
                .execute(Tuple.of(orgId, fromSeq, toSeq))
                .map(rows -> {
                    List<PinnedHash> pins = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        pins.add(new PinnedHash(row.getLong(0), row.getString(1)));
                    }
                    return pins;
                });
    }

    public Uni<HeadSnapshot> snapshot(SqlConnection connection, String orgId) {
        return connection.preparedQuery("select h.seq, h.hash, h.updated_at, t.time, b.seq, b.event_id"
                        + " from (select $1::text as org_id) o"
                        + " left join audit_chain_heads h on h.org_id = o.org_id"
                        + " left join audit_records t on t.org_id = o.org_id and t.seq = h.seq"
                        + " left join lateral (select r.seq, r.event_id from audit_records r where r.org_id = o.org_id"
                        + "   and r.seq > coalesce(h.seq, 0) order by r.seq limit 1) b on true")
                .execute(Tuple.of(orgId))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new HeadSnapshot(
                            row.getLong(0) == null ? ChainHead.EMPTY : new ChainHead(row.getLong(0), row.getString(1)),
                            row.getLong(4),
                            row.getString(5),
                            instantOrNull(row.getOffsetDateTime(2)),
                            instantOrNull(row.getOffsetDateTime(3)));
                });
    }

    /**
     * The checkpoint of {@code orgId} with the highest seq, by any key (of equal seqs, the one by
     * {@code preferredKeyId}, then the newest), or null before the first.
     */
    public Uni<Checkpoint> latestCheckpoint(SqlConnection connection, String orgId, String preferredKeyId) {
        return connection.preparedQuery("select key_id, seq, hash, signed_at, signature, proof from audit_checkpoints"
                        + " where org_id = $1 order by seq desc, key_id = $2 desc, signed_at desc limit 1")
                .execute(Tuple.of(orgId, preferredKeyId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Checkpoint(orgId, row.getString(0), row.getLong(1), row.getString(2),
                            row.getOffsetDateTime(3).toInstant(), row.getString(4), row.getString(5));
                });
    }

    /**
     * Stores {@code checkpoints} (of any orgs, by one key, at most one per org) in one statement, each under its org's
     * scope (migration V3); one already stored is skipped. Answers how many were new.
     */
    public Uni<Integer> insertCheckpoints(SqlConnection connection, List<Checkpoint> checkpoints) {
        int n = checkpoints.size();
        String[] orgs = new String[n];
        Long[] seqs = new Long[n];
        String[] hashes = new String[n];
        OffsetDateTime[] signedAt = new OffsetDateTime[n];
        String[] signatures = new String[n];
        String[] proofs = new String[n];
        for (int i = 0; i < n; i++) {
            Checkpoint c = checkpoints.get(i);
            if (!c.keyId().equals(checkpoints.get(0).keyId())) {
                throw new IllegalArgumentException("One statement stores checkpoints of one key");
            }
            orgs[i] = c.orgId();
            seqs[i] = c.seq();
            hashes[i] = c.hash();
            signedAt[i] = OffsetDateTime.ofInstant(c.signedAt(), ZoneOffset.UTC);
            signatures[i] = c.signature();
            proofs[i] = c.proof();
        }
        return connection.preparedQuery("select audit_insert_checkpoints($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple(List.of(orgs, checkpoints.get(0).keyId(), seqs, hashes, signedAt, signatures, proofs)))
                .map(rows -> rows.iterator().next().getInteger(0));
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

    private static ChainRecord toRecord(Row row) {
        return new ChainRecord(row.getString(0), row.getLong(1), row.getOffsetDateTime(2).toInstant(), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                row.getString(9), row.getString(10), row.getString(11), row.getString(12), row.getString(13));
    }

    private static Instant instantOrNull(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
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
