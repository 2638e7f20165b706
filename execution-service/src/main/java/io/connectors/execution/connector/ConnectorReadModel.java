package io.connectors.execution.connector;

import io.connectors.execution.ExecutionConfig;
import io.connectors.execution.support.Ids;
import io.connectors.platform.events.v1.ConfigChanged;
import io.connectors.platform.tenancy.TenantSql;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connector configurations as the execution flow reads them: from memory, fed by connectors.config.v1 (every replica
 * reads the whole compacted topic) and stored in connector_configs, from which a restarted replica is warm at once.
 * An id not known yet is asked of config-service once before it counts as unknown, so create-then-execute works
 * immediately. A version never goes backwards, and a deleted id never comes back.
 */
@ApplicationScoped
public class ConnectorReadModel {

    private static final Logger LOG = Logger.getLogger(ConnectorReadModel.class);
    private static final int MAX_ABSENT = 10_000;

    private record Entry(Connector connector, long version) {
    }

    private final TenantSql sql;
    private final ConnectorRepository repository;
    private final ConfigLookup lookup;
    private final long absentForNanos;
    private final ConcurrentMap<String, Entry> live = new ConcurrentHashMap<>();
    /** Deleted ids and their org (a tombstone names only the id). */
    private final ConcurrentMap<String, String> deleted = new ConcurrentHashMap<>();
    /** Ids config-service did not know, until when they are not asked about again. */
    private final ConcurrentMap<String, Long> absentUntil = new ConcurrentHashMap<>();
    /** Bumped on every change of {@code live}: what derived views (the MCP tool catalog) are valid for. */
    private final AtomicLong generation = new AtomicLong();

    ConnectorReadModel(TenantSql sql, ConnectorRepository repository, ConfigLookup lookup, ExecutionConfig config) {
        this.sql = sql;
        this.repository = repository;
        this.lookup = lookup;
        this.absentForNanos = config.configLookup().absentFor().toNanos();
    }

    void warmUp(@Observes StartupEvent started) {
        sql.directory(repository::all).subscribe().with(stored -> {
            stored.forEach(row -> {
                if (row.deleted()) {
                    forgetDeleted(row.connector().id(), row.connector().orgId());
                } else {
                    remember(row.connector(), row.version());
                }
            });
            LOG.infof("Connector read model loaded: %d stored configurations", stored.size());
        }, failure -> LOG.warnf("Connector read model not loaded from the database (the topic and config-service still"
                + " feed it): %s", failure.toString()));
    }

    /** The org's live connector of that id, or null (unknown, deleted, another org's). */
    public Uni<Connector> find(String orgId, String id) {
        Entry entry = live.get(id);
        if (entry != null) {
            return Uni.createFrom().item(entry.connector().orgId().equals(orgId) ? entry.connector() : null);
        }
        if (deleted.containsKey(id) || Ids.uuidOrNull(id) == null || recentlyAbsent(orgId, id)) {
            return Uni.createFrom().nullItem();
        }
        return lookup.find(orgId, id).chain(change -> {
            if (change == null) {
                markAbsent(orgId, id);
                return Uni.createFrom().nullItem();
            }
            return apply(change).map(ignored -> {
                Entry known = live.get(id);
                return known != null && known.connector().orgId().equals(orgId) ? known.connector() : null;
            });
        });
    }

    /** The live connector of that id in any org, as this replica knows it now (jobs that start without an org). */
    public Connector known(String id) {
        Entry entry = live.get(id);
        return entry == null ? null : entry.connector();
    }

    /** Every live connector of an org, as this replica knows it now (a scan: for views cached by {@link #generation}). */
    public List<Connector> inOrg(String orgId) {
        return live.values().stream().map(Entry::connector).filter(c -> c.orgId().equals(orgId)).toList();
    }

    /** Changes whenever a connector is added, changed or deleted. */
    public long generation() {
        return generation.get();
    }

    /** Every live, enabled connector with credentials: the ones a connectivity check can probe. */
    public List<Connector> checkable() {
        return live.values().stream().map(Entry::connector).filter(c -> c.enabled() && c.hasCredentials()).toList();
    }

    /** Stores and serves an upsert (from the topic or config-service); answers whether it changed anything. */
    public Uni<Boolean> apply(ConfigChanged change) {
        return sql.inOrg(change.orgId(), connection -> repository.apply(connection, change)).invoke(changed -> {
            if (!deleted.containsKey(change.id())) {
                remember(repository.connector(change), change.version());
            }
        });
    }

    /** A tombstone: the org of the connector it deleted, or null when this replica never knew it or knew it deleted. */
    public Uni<String> delete(String id) {
        Entry entry = live.get(id);
        // Before the start-up load is done, the stored row may be the only trace of it.
        Uni<String> org = entry != null ? Uni.createFrom().item(entry.connector().orgId())
                : sql.directory(connection -> repository.orgOf(connection, id));
        return org.chain(orgId -> orgId == null ? Uni.createFrom().<String>nullItem()
                : sql.inOrg(orgId, connection -> repository.markDeleted(connection, id, Instant.now()))
                        .invoke(() -> forgetDeleted(id, orgId))
                        .map(changed -> changed || entry != null ? orgId : null));
    }

    private void remember(Connector connector, long version) {
        if (deleted.containsKey(connector.id())) {
            return;
        }
        live.merge(connector.id(), new Entry(connector, version), (old, fresh) -> fresh.version() > old.version() ? fresh : old);
        generation.incrementAndGet();
        absentUntil.remove(connector.orgId() + "/" + connector.id());
    }

    private void forgetDeleted(String id, String orgId) {
        deleted.put(id, orgId);
        live.remove(id);
        generation.incrementAndGet();
    }

    private boolean recentlyAbsent(String orgId, String id) {
        Long until = absentUntil.get(orgId + "/" + id);
        return until != null && System.nanoTime() - until < 0;
    }

    private void markAbsent(String orgId, String id) {
        if (absentUntil.size() >= MAX_ABSENT) {
            absentUntil.clear();
        }
        absentUntil.put(orgId + "/" + id, System.nanoTime() + absentForNanos);
    }
}
