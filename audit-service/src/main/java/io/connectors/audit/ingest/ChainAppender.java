package io.connectors.audit.ingest;

import io.connectors.audit.checkpoint.PromptCheckpoints;
import io.connectors.audit.trail.ChainHead;
import io.connectors.audit.trail.ChainRecord;
import io.connectors.audit.trail.TrailRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Appends a batch of records, of any number of orgs, to their hash chains in one transaction: one statement locks
 * every org's chain head (so appends to one org serialise across consumers and replicas), the records are linked here
 * under those locks, one more statement stores them all and advances the heads. A record whose event id is already
 * stored takes no sequence number and is stored once: the store statement refuses a batch holding one, and the batch
 * is then linked again without the stored ids (a redelivery, after a crash or a rebalance, so the usual batch pays
 * no lookup). Each org's rows are written under its own Row-Level Security scope (see migration V2). On the reactive
 * SQL client, not Hibernate: a fixed number of statements whatever the number of orgs, and no Vert.x context needed.
 * Once committed, the heads it moved are handed to {@link PromptCheckpoints}, which signs them shortly after.
 */
@ApplicationScoped
public class ChainAppender {

    private final Pool pool;
    private final TrailRepository trail;
    private final PromptCheckpoints checkpoints;

    public ChainAppender(Pool pool, TrailRepository trail, PromptCheckpoints checkpoints) {
        this.pool = pool;
        this.trail = trail;
        this.checkpoints = checkpoints;
    }

    /**
     * Appends {@code records} (in arrival order, any orgs); answers the records newly chained, linked, grouped by org
     * (each org's in chain order).
     */
    public Uni<List<ChainRecord>> append(List<ChainRecord> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Sorted by org: every appender locks heads in the same order, so two replicas sharing orgs cannot deadlock.
        SortedMap<String, List<ChainRecord>> byOrg = new TreeMap<>();
        for (ChainRecord record : records) {
            byOrg.computeIfAbsent(record.orgId(), org -> new ArrayList<>()).add(record);
        }
        return pool.withTransaction(connection -> append(connection, byOrg, false))
                .onFailure(failure -> TrailRepository.ALREADY_STORED.equals(DatabaseErrors.sqlState(failure)))
                .recoverWithUni(() -> pool.withTransaction(connection -> append(connection, byOrg, true)))
                .invoke(checkpoints::chained);
    }

    private Uni<List<ChainRecord>> append(SqlConnection connection, SortedMap<String, List<ChainRecord>> byOrg,
                                          boolean skipStored) {
        return trail.lockHeads(connection, byOrg.keySet())
                .chain(heads -> (skipStored ? trail.storedEventIds(connection, byOrg)
                        : Uni.createFrom().item(Map.<String, Set<String>>of()))
                        .chain(stored -> {
                            List<List<ChainRecord>> linkedByOrg = new ArrayList<>(byOrg.size());
                            byOrg.forEach((org, pending) -> {
                                List<ChainRecord> linked = link(heads.get(org), pending, stored.getOrDefault(org, Set.of()));
                                if (!linked.isEmpty()) {
                                    linkedByOrg.add(linked);
                                }
                            });
                            if (linkedByOrg.isEmpty()) {
                                return Uni.createFrom().item(List.<ChainRecord>of());
                            }
                            List<ChainRecord> linked = new ArrayList<>();
                            linkedByOrg.forEach(linked::addAll);
                            return trail.append(connection, linkedByOrg).replaceWith(linked);
                        }));
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
