package io.connectors.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "connectors.outbox")
public interface OutboxConfig {

    /** How often the relay looks for unsent rows (the relay's schedule reads it). */
    @WithDefault("0.2s")
    Duration interval();

    /** Rows relayed per transaction. */
    @WithDefault("200")
    int batchSize();

    /** Full batches relayed back to back in one tick before waiting for the next. */
    @WithDefault("50")
    int maxBatchesPerTick();

    /** How long a relayed row is kept for inspection before it is deleted. */
    @WithDefault("P1D")
    Duration retention();

    /** Upper bound on one Kafka delivery; past it the batch is retried on the next tick. */
    @WithDefault("10s")
    Duration deliveryTimeout();
}
