package io.connectors.types.runtime;

import java.time.Duration;
import java.util.Set;

/**
 * Per-call outbound settings decided by the caller (execution-service).
 *
 * @param allowedHosts     hosts this org may reach besides the global allow-list ({@code host}, {@code *.domain})
 * @param timeout          for the whole call, redirects included
 * @param maxResponseBytes a longer response body is aborted
 */
public record OutboundPolicy(Set<String> allowedHosts, Duration timeout, long maxResponseBytes) {

    public OutboundPolicy {
        allowedHosts = allowedHosts == null ? Set.of() : Set.copyOf(allowedHosts);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
    }
}
