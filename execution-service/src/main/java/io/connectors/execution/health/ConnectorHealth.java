package io.connectors.execution.health;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A connector's recent samples and counters. Internal to the service; changes go through its own methods. */
@Entity
@Table(name = "connector_health")
public class ConnectorHealth {

    @Id
    @Column(name = "connector_id")
    String connectorId;

    @Column(name = "org_id", nullable = false, updatable = false)
    String orgId;

    /** JSON array of {@link HealthSample}, oldest first. */
    @Column(nullable = false)
    String samples;

    @Column(name = "last_success_at")
    Instant lastSuccessAt;

    @Column(name = "last_failure_at")
    Instant lastFailureAt;

    @Column(name = "error_count")
    long errorCount;

    @Column(name = "consecutive_failures")
    int consecutiveFailures;

    @Column(name = "last_checked_at")
    Instant lastCheckedAt;

    protected ConnectorHealth() {
    }

    void recorded(String samplesJson, HealthSample sample) {
        samples = samplesJson;
        if (sample.ok()) {
            lastSuccessAt = sample.at();
            consecutiveFailures = 0;
        } else {
            lastFailureAt = sample.at();
            errorCount++;
            consecutiveFailures++;
        }
    }
}
