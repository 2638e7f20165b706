package io.connectors.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "connectors.config")
public interface ConfigServiceConfig {

    /** How long a create's Idempotency-Key is remembered: a retry within it answers the first response. */
    @WithDefault("PT24H")
    Duration idempotencyTtl();
}
