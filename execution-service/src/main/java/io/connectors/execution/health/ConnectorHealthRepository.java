package io.connectors.execution.health;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.ExecutionConfig;
import io.connectors.execution.support.Json;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.reactive.mutiny.Mutiny;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Health samples per connector, inside the caller's org-scoped transaction. */
@ApplicationScoped
public class ConnectorHealthRepository {

    public static final String EXECUTION = "execution";
    public static final String CHECK = "check";
    public static final String TEST = "test";

    private static final TypeReference<List<HealthSample>> SAMPLES = new TypeReference<>() {
    };

    private final ObjectMapper mapper;
    private final ExecutionConfig.Health config;

    public ConnectorHealthRepository(ObjectMapper mapper, ExecutionConfig config) {
        this.mapper = mapper;
        this.config = config.health();
    }

    /** Adds a sample, keeping the last {@code window}. The row is locked: concurrent samples queue, none is lost. */
    public Uni<Void> record(Mutiny.Session session, String orgId, String connectorId, boolean ok, String source) {
        HealthSample sample = new HealthSample(Instant.now(), ok, source);
        return ensureRow(session, orgId, connectorId)
                .chain(() -> session.find(ConnectorHealth.class, connectorId, LockModeType.PESSIMISTIC_WRITE))
                .invoke(health -> {
                    if (health != null) {
                        List<HealthSample> samples = new ArrayList<>(samples(health));
                        samples.add(sample);
                        List<HealthSample> kept = samples.subList(Math.max(0, samples.size() - config.window()), samples.size());
                        health.recorded(Json.write(mapper, kept), sample);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Takes the turn to run the periodic check of a connector: true for one replica per interval (the others see a
     * recent {@code last_checked_at}).
     */
    Uni<Boolean> claimCheck(Mutiny.Session session, String orgId, String connectorId, Duration interval) {
        Instant now = Instant.now();
        return ensureRow(session, orgId, connectorId)
                .chain(() -> session.createNativeQuery("update connector_health set last_checked_at = :now"
                                + " where connector_id = :id and (last_checked_at is null or last_checked_at < :before)")
                        .setParameter("now", now)
                        .setParameter("id", connectorId)
                        .setParameter("before", now.minus(interval.dividedBy(2)))
                        .executeUpdate())
                .map(updated -> updated == 1);
    }

    Uni<ConnectorStatus> status(Mutiny.Session session, String connectorId) {
        return session.find(ConnectorHealth.class, connectorId).map(health -> {
            if (health == null) {
                return new ConnectorStatus(connectorId, ConnectorStatus.PENDING, null, null, 0, 0, null, List.of());
            }
            List<HealthSample> samples = samples(health);
            return new ConnectorStatus(connectorId,
                    HealthJudge.judge(samples, health.consecutiveFailures, health.lastSuccessAt != null, config),
                    health.lastSuccessAt, health.lastFailureAt, health.errorCount, health.consecutiveFailures,
                    health.lastCheckedAt, samples);
        });
    }

    private Uni<Integer> ensureRow(Mutiny.Session session, String orgId, String connectorId) {
        return session.createNativeQuery("insert into connector_health (connector_id, org_id) values (:id, :org)"
                        + " on conflict (connector_id) do nothing")
                .setParameter("id", connectorId)
                .setParameter("org", orgId)
                .executeUpdate();
    }

    private List<HealthSample> samples(ConnectorHealth health) {
        try {
            return mapper.readValue(health.samples, SAMPLES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
