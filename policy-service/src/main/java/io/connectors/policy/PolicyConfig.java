package io.connectors.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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

        Signing signing();
    }

    /**
     * The key every approval event is signed with (ApprovalSigner): execution-service releases a parked execution
     * only for an event it verifies with the public key it trusts under {@link #keyId()}.
     */
    interface Signing {

        /**
         * The Ed25519 private key, PKCS#8 PEM ({@code openssl genpkey -algorithm ed25519}), readable by the service's
         * user only; in Kubernetes a mounted Secret. Required: the service does not start without it.
         */
        Optional<Path> keyFile();

        /** The id execution-service trusts the public key under; a new key gets a new id, so both verify meanwhile. */
        Optional<String> keyId();

        /**
         * Make the key (owner-only, its public key beside it as {@code <key-file>.pub}) when the file is absent: for a
         * single machine or tests, never where the key comes from a Secret (a made-up key nobody trusts).
         */
        @WithDefault("false")
        boolean generate();
    }
}
