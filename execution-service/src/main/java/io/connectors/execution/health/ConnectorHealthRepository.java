package io.connectors.execution.health;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.ExecutionConfig;
import io.connectors.execution.support.Json;
import io.connectors.execution.support.SqlTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Health samples per connector (table connector_health), inside the caller's org-scoped transaction. */
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

    /** The row's state, as read under its lock. */
    private record Health(List<HealthSample> samples, Instant lastSuccessAt, Instant lastFailureAt, long errorCount,
                          int consecutiveFailures, Instant lastCheckedAt) {
    }

    /** Adds samples (oldest first), keeping the last {@code window}. The row is locked: concurrent writers queue. */
    public Uni<Void> record(SqlConnection connection, String orgId, String connectorId, List<HealthSample> added) {
        if (added.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return ensureRow(connection, orgId, connectorId)
                .chain(() -> read(connection, connectorId, " for update"))
                .chain(health -> {
                    List<HealthSample> samples = new ArrayList<>(health.samples());
                    samples.addAll(added);
                    List<HealthSample> kept = samples.subList(Math.max(0, samples.size() - config.window()), samples.size());
                    Instant lastSuccess = health.lastSuccessAt();
                    Instant lastFailure = health.lastFailureAt();
                    long errors = health.errorCount();
                    int consecutive = health.consecutiveFailures();
                    for (HealthSample sample : added) {
                        if (sample.ok()) {
                            lastSuccess = sample.at();
                            consecutive = 0;
                        } else {
                            lastFailure = sample.at();
                            errors++;
                            consecutive++;
                        }
                    }
                    return connection.preparedQuery("update connector_health set samples = $2, last_success_at = $3,"
                                    + " last_failure_at = $4, error_count = $5, consecutive_failures = $6 where connector_id = $1")
                            .execute(Tuple.from(Arrays.asList(connectorId, Json.write(mapper, kept), SqlTimes.of(lastSuccess),
                                    SqlTimes.of(lastFailure), errors, consecutive)))
                            .replaceWithVoid();
                });
    }

    /**
     * Takes the turn to run the periodic check of an idle connector: true for one replica per interval, and only when
     * nothing (an execution, a check, a test) told anything about the connector within the interval.
     */
    Uni<Boolean> claimCheck(SqlConnection connection, String orgId, String connectorId, Duration interval) {
        Instant now = Instant.now();
        OffsetDateTime before = SqlTimes.of(now.minus(interval));
        return ensureRow(connection, orgId, connectorId)
                .chain(() -> connection.preparedQuery("update connector_health set last_checked_at = $2 where connector_id = $1"
                                + " and (last_checked_at is null or last_checked_at < $3)"
                                + " and coalesce(greatest(last_success_at, last_failure_at), '-infinity') < $3")
                        .execute(Tuple.of(connectorId, SqlTimes.of(now), before)))
                .map(rows -> rows.rowCount() == 1);
    }

    Uni<ConnectorStatus> status(SqlConnection connection, String connectorId) {
        return read(connection, connectorId, "").map(health -> health == null
                ? new ConnectorStatus(connectorId, ConnectorStatus.PENDING, null, null, 0, 0, null, List.of())
                : new ConnectorStatus(connectorId,
                HealthJudge.judge(health.samples(), health.consecutiveFailures(), health.lastSuccessAt() != null, config),
                health.lastSuccessAt(), health.lastFailureAt(), health.errorCount(), health.consecutiveFailures(),
                health.lastCheckedAt(), health.samples()));
    }

    private Uni<Health> read(SqlConnection connection, String connectorId, String lock) {
        return connection.preparedQuery("select samples, last_success_at, last_failure_at, error_count,"
                        + " consecutive_failures, last_checked_at from connector_health where connector_id = $1" + lock)
                .execute(Tuple.of(connectorId))
                .map(rows -> rows.iterator().hasNext() ? health(rows.iterator().next()) : null);
    }

    private Health health(Row row) {
        return new Health(Json.read(mapper, row.getString(0), SAMPLES), SqlTimes.instant(row.getOffsetDateTime(1)),
                SqlTimes.instant(row.getOffsetDateTime(2)), row.getLong(3), row.getInteger(4), SqlTimes.instant(row.getOffsetDateTime(5)));
    }

    private Uni<Void> ensureRow(SqlConnection connection, String orgId, String connectorId) {
        return connection.preparedQuery("insert into connector_health (connector_id, org_id) values ($1, $2)"
                        + " on conflict (connector_id) do nothing")
                .execute(Tuple.of(connectorId, orgId))
                .replaceWithVoid();
    }

}
