package io.connectors.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

@ConfigMapping(prefix = "connectors.audit")
public interface AuditConfig {

    Checkpoint checkpoint();

    Ingest ingest();

    /** Records read per transaction by export (keyset pages, so memory stays flat). */
    @WithDefault("1000")
    int pageSize();

    /**
     * Records per page of verify (one seq range per transaction; {@link #verifyReadAhead()} pages read while one is
     * hashed): large enough that per-page round trips vanish beside the hashing.
     */
    @WithDefault("5000")
    int verifyPageSize();

    /**
     * Threads hashing each verify page (the calling worker and the rest from the worker pool); one per available
     * processor when unset. A record's hash depends on its own fields only, so a page splits evenly.
     */
    OptionalInt verifyThreads();

    /**
     * Verify pages read ahead of the one being hashed, each on a connection (and event loop) of its own: reading,
     * not hashing, is what verify waits for, and two reads keep both PostgreSQL and the decoding busy.
     */
    @WithDefault("2")
    int verifyReadAhead();

    interface Checkpoint {

        /**
         * How often every chain head without a checkpoint by the active key is signed: the safety net behind
         * {@link #promptDelay()} (after a restart, a key rotation, or a batch another replica stored); "off" disables it.
         */
        @WithDefault("1m")
        String interval();

        /**
         * How soon after a batch is stored the chain heads it moved are signed (each org at most once per delay, all
         * in one transaction, off the ingest path). Records chained within this long before a tail is cut (newest
         * records deleted, head rewound) are the only ones whose removal verify cannot see.
         */
        @WithDefault("200ms")
        Duration promptDelay();

        /**
         * PEM file of the Ed25519 checkpoint keys: the active PKCS#8 "PRIVATE KEY" block, its "PUBLIC KEY" block, then
         * the "PUBLIC KEY" blocks of retired keys, whose checkpoints keep verifying ({@code openssl genpkey -algorithm
         * ed25519 -out k.pem && openssl pkey -in k.pem -pubout >> k.pem}). In Kubernetes a file of a Secret volume.
         */
        Path keyFile();

        /**
         * Make {@link #keyFile()} (a new key, readable by this user only) when it does not exist: the local stack, which
         * keeps it in its state directory. Off where the key is provisioned, so a missing Secret stops the start.
         */
        @WithDefault("false")
        boolean generateIfMissing();
    }

    interface Ingest {

        /** Upper bound of the back-off between attempts while the database is unreachable. */
        @WithDefault("10s")
        Duration maxRetryBackoff();
    }
}
