package io.connectors.execution.health;

import io.connectors.execution.ExecutionConfig;

import java.util.List;

/**
 * Judges a connector over its recent samples, not from one (as the Atmos document advises): Pending before any
 * evidence; Available once the latest sample succeeded, or while failures stay below the thresholds after an
 * earlier success; Unavailable after {@code unavailable-after} consecutive failures, or when failures reach
 * {@code failure-ratio} of a window of at least {@code min-samples}.
 */
final class HealthJudge {

    private HealthJudge() {
    }

    static String judge(List<HealthSample> samples, int consecutiveFailures, boolean everSucceeded, ExecutionConfig.Health config) {
        if (samples.isEmpty()) {
            return ConnectorStatus.PENDING;
        }
        if (samples.get(samples.size() - 1).ok()) {
            return ConnectorStatus.AVAILABLE;
        }
        if (consecutiveFailures >= config.unavailableAfter()) {
            return ConnectorStatus.UNAVAILABLE;
        }
        long failures = samples.stream().filter(sample -> !sample.ok()).count();
        if (samples.size() >= config.minSamples() && failures >= config.failureRatio() * samples.size()) {
            return ConnectorStatus.UNAVAILABLE;
        }
        return everSucceeded ? ConnectorStatus.AVAILABLE : ConnectorStatus.PENDING;
    }
}
