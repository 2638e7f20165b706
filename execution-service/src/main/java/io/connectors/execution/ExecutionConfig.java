package io.connectors.execution;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How execution-service runs operations. Circuit breakers and rate limits are kept in memory, per replica: with N
 * replicas a connector may see up to N times {@code rate-limit.permits-per-second}, and each replica opens its own
 * breaker (the vendor's 429 / Retry-After is honoured by each as it sees it).
 */
@ConfigMapping(prefix = "connectors.execution")
public interface ExecutionConfig {

    /**
     * Hosts one org's connectors may reach besides the global {@code connectors.outbound.allowed-hosts}:
     * {@code connectors.execution.org-allowed-hosts.<org-id>=host1,host2}.
     */
    Map<String, List<String>> orgAllowedHosts();

    Outbound outbound();

    Policy policy();

    Retry retry();

    Breaker breaker();

    RateLimit rateLimit();

    Health health();

    ServiceToken serviceToken();

    Finish finish();

    Reaper reaper();

    ConfigLookup configLookup();

    Approvals approvals();

    /**
     * The public keys whose signatures on {@code connectors.approvals.v1} events are trusted (ApprovalVerifier): an
     * approval event moves a parked execution only if it verifies under one of them. Keys are named by the key id
     * policy-service signs with; during a rotation both the old and the new key are listed, the old one until every
     * event it signed has been consumed. At least one key is required: the service does not start without.
     */
    interface Approvals {

        /**
         * A properties file of trusted keys, one {@code <key-id>=<base64>} a line (the DER SubjectPublicKeyInfo,
         * {@code openssl pkey -pubout -outform DER | base64}, or the raw 32-byte key): the local stack's and the
         * Kubernetes ConfigMap's form.
         */
        Optional<Path> trustedKeysFile();

        /**
         * More trusted keys as properties, {@code connectors.execution.approvals.trusted-key.<key-id>=<base64>} (an
         * environment variable cannot spell a key id: use the file there).
         */
        Map<String, String> trustedKey();
    }

    /** This service's client-credentials token (ServiceTokens). */
    interface ServiceToken {

        /** Renew a token this long before it expires (at most a quarter of its life), so no request waits for one. */
        @WithDefault("30s")
        Duration refreshAhead();
    }

    /** Recording an outcome (commit 2) when the database refuses: retried, then left to the reaper. */
    interface Finish {

        @WithDefault("100ms")
        Duration firstRetry();

        @WithDefault("2s")
        Duration maxRetry();

        @WithDefault("30s")
        Duration giveUpAfter();
    }

    /** ExecutionReaper: executions a crash left non-terminal. */
    interface Reaper {

        @WithDefault("30s")
        Duration interval();

        /** Added to the longest a run can take before a running execution counts as interrupted. */
        @WithDefault("60s")
        Duration runningGrace();

        /** A received execution (never decided) older than this is cancelled. */
        @WithDefault("5m")
        Duration receivedAfter();

        /** Executions resolved per status per pass. */
        @WithDefault("500")
        int batchSize();
    }

    /** Asking config-service for a connector the read model does not know yet (create, then execute at once). */
    interface ConfigLookup {

        @WithDefault("2s")
        Duration timeout();

        /** An id config-service did not know is not asked about again for this long (a 404 storm stays local). */
        @WithDefault("1s")
        Duration absentFor();
    }

    interface Outbound {

        /** Each HTTP call a handler makes. */
        @WithDefault("10s")
        Duration timeout();

        /** One whole handler attempt (a handler may make several calls, e.g. a token then a query). */
        @WithDefault("30s")
        Duration attemptTimeout();

        /** A response body past this size is aborted. */
        @WithDefault("1M")
        MemorySize maxResponseBytes();
    }

    /** Calls to policy-service's decision API. */
    interface Policy {

        /** A decision not received by then is an error (never asked twice: an escalation opens an approval). */
        @WithDefault("5s")
        Duration timeout();
    }

    /** Retries apply only to idempotent operations and to failures the connector marks retryable. */
    interface Retry {

        /** Attempts in total, the first included. */
        @WithDefault("3")
        int maxAttempts();

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("5s")
        Duration maxBackoff();

        /** A vendor asking to wait longer than this (Retry-After) gets an error that says when to retry instead. */
        @WithDefault("10s")
        Duration maxRetryAfter();
    }

    interface Breaker {

        /** Consecutive failures of the external system that open a connector's breaker. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open breaker refuses calls before it lets one trial call through. */
        @WithDefault("30s")
        Duration openFor();
    }

    interface RateLimit {

        /** Sustained calls per second per connector (token bucket). */
        @WithDefault("50")
        double permitsPerSecond();

        /** Calls allowed in a burst. */
        @WithDefault("100")
        int burst();
    }

    /** Connector status over a sliding window of samples (executions and periodic checks), as Atmos advises. */
    interface Health {

        /** Samples kept per connector. */
        @WithDefault("10")
        int window();

        /** Consecutive failures that make a connector Unavailable. */
        @WithDefault("3")
        int unavailableAfter();

        /** Failure ratio over a window of at least {@link #minSamples()} samples that makes it Unavailable. */
        @WithDefault("0.5")
        double failureRatio();

        @WithDefault("4")
        int minSamples();

        /**
         * A connector with no sample (execution, check or test) for this long gets an active connectivity check: busy
         * connectors are judged by their executions alone (one replica checks each).
         */
        @WithDefault("60s")
        Duration checkInterval();

        /** Active checks per second per replica, at most: background work stays bounded with many idle connectors. */
        @WithDefault("5")
        double checksPerSecond();

        /** How often samples from executions are written (they are gathered in memory in between). */
        @WithDefault("2s")
        Duration flushInterval();
    }
}
