package io.connectors.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "connectors.policy")
public interface PolicyConfig {

    Approvals approvals();

    interface Approvals {

        /** How long an approval request stays pending before it expires. */
        @WithDefault("PT1H")
        Duration ttl();

        /** How often the expiry job looks for overdue pending approvals (read by its @Scheduled). */
        @WithDefault("30s")
        Duration expiryInterval();

        /** Approvals expired per org and transaction by one run of the job. */
        @WithDefault("200")
        int expiryBatchSize();
    }
}
