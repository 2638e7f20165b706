package io.connectors.execution;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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

        /** How often each enabled connector with credentials gets a connectivity check (one replica runs each). */
        @WithDefault("60s")
        Duration checkInterval();
    }
}
