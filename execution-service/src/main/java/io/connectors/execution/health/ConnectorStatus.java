package io.connectors.execution.health;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/connectors/{id}/status}: the Atmos statuses, with the evidence they were judged on. */
public record ConnectorStatus(
        String id,
        String status,
        @JsonProperty("last_success_at") Instant lastSuccessAt,
        @JsonProperty("last_failure_at") Instant lastFailureAt,
        @JsonProperty("error_count") long errorCount,
        @JsonProperty("consecutive_failures") int consecutiveFailures,
        @JsonProperty("last_checked_at") Instant lastCheckedAt,
        List<HealthSample> samples) {

    public static final String PENDING = "Pending";
    public static final String AVAILABLE = "Available";
    public static final String UNAVAILABLE = "Unavailable";
}
