package io.connectors.config;

import io.connectors.platform.signing.TrustedKeysConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "connectors.config")
public interface ConfigServiceConfig {

    /** How long a create's Idempotency-Key is remembered: a retry within it answers the first response. */
    @WithDefault("PT24H")
    Duration idempotencyTtl();

    Approvals approvals();

    /**
     * The public keys of policy-service's approval signing keys, by key id (OpenWorkConsumer): an approval event changes
     * the open-work read model only if it verifies under one of them. During a rotation both keys are listed. At least
     * one is required: the service does not start without.
     */
    interface Approvals extends TrustedKeysConfig {
    }
}
