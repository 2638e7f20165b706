package io.connectors.execution.health;

import java.time.Instant;

/** One observation of a connector: an execution's call, a periodic check or a manual test. */
public record HealthSample(Instant at, boolean ok, String source) {
}
