package io.connectors.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "connectors.audit")
public interface AuditConfig {

    Checkpoint checkpoint();

    Ingest ingest();

    /** Records read per transaction by export (keyset pages, so memory stays flat). */
    @WithDefault("1000")
    int pageSize();

    /**
     * Records per page of verify (one seq range per transaction; at most three pages in memory, the next read while
     * one is hashed): large enough that per-page round trips vanish beside the hashing.
     */
    @WithDefault("5000")
    int verifyPageSize();

    interface Checkpoint {

        /** How often each changed chain head is signed; "off" disables the job. */
        @WithDefault("1m")
        String interval();

        /**
         * PEM file holding the Ed25519 key: a PKCS#8 "PRIVATE KEY" block followed by its "PUBLIC KEY" block
         * ({@code openssl genpkey -algorithm ed25519 -out k.pem && openssl pkey -in k.pem -pubout >> k.pem}).
         * Absent: an ephemeral key is generated at start (embedded default), logged by its public key only.
         */
        Optional<Path> keyFile();
    }

    interface Ingest {

        /** Upper bound of the back-off between attempts while the database is unreachable. */
        @WithDefault("10s")
        Duration maxRetryBackoff();
    }
}
