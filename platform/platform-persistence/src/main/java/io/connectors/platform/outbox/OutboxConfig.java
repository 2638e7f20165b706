package io.connectors.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "connectors.outbox")
public interface OutboxConfig {

    /**
     * How often the relay looks for unsent rows even without a notification, and reads the backlog for its gauges
     * (the relay's schedule reads it). Commits wake the relay at once; this is the safety net.
     */
    @WithDefault("1s")
    Duration interval();

    /** Rows relayed per transaction. */
    @WithDefault("200")
    int batchSize();

    /** How long a relayed row is kept for inspection before it is deleted. */
    @WithDefault("P1D")
    Duration retention();

    /** Upper bound on one Kafka delivery; past it the batch is retried on the next tick. */
    @WithDefault("10s")
    Duration deliveryTimeout();
}
