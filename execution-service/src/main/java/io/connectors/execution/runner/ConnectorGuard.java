package io.connectors.execution.runner;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One connector's circuit breaker and rate limit, in memory (per replica). Thread-safe.
 * <ul>
 *   <li>Rate limit: a token bucket of {@code burst} calls refilled at {@code permitsPerSecond}.</li>
 *   <li>Vendor back-off: a 429 (or any failure carrying Retry-After) holds every call of the connector until then.</li>
 *   <li>Breaker: {@code failureThreshold} consecutive failures of the external system open it for {@code openFor}
 *       (or the vendor's Retry-After, if longer); then one trial call is let through, which closes or re-opens it.
 *       Answers that prove the system is up (a 4xx, rejected credentials) reset the count.</li>
 * </ul>
 */
final class ConnectorGuard {

    private final double permitsPerNano;
    private final int burst;
    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier clock;

    private double tokens;
    private long refilledAt;
    private long holdUntil;
    private int consecutiveFailures;
    private long openUntil;
    private boolean open;
    private boolean trialInFlight;

    ConnectorGuard(double permitsPerSecond, int burst, int failureThreshold, Duration openFor, LongSupplier clock) {
        this.permitsPerNano = permitsPerSecond / 1e9;
        this.burst = burst;
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.clock = clock;
        this.tokens = burst;
        this.refilledAt = clock.getAsLong();
    }

    /** Takes a permit for one call, or fails with a guard {@link Failure} saying when to come back. */
    synchronized void acquire() {
        long now = clock.getAsLong();
        if (now < holdUntil) {
            throw guardFailure(Fault.EXTERNAL, "The external system asked to slow down; calls of this connector are held",
                    holdUntil - now);
        }
        if (open) {
            if (now < openUntil || trialInFlight) {
                throw guardFailure(Fault.EXTERNAL, "The circuit breaker of this connector is open after repeated failures"
                        + " of the external system", Math.max(openUntil - now, 1_000_000_000L));
            }
            trialInFlight = true;
        }
        refill(now);
        if (tokens < 1) {
            if (trialInFlight) {
                trialInFlight = false;
            }
            throw guardFailure(Fault.CALLER, "Too many calls to this connector; its rate limit is exceeded",
                    (long) Math.ceil((1 - tokens) / permitsPerNano));
        }
        tokens -= 1;
    }

    synchronized void succeeded() {
        consecutiveFailures = 0;
        open = false;
        trialInFlight = false;
    }

    synchronized void failed(Failure failure) {
        if (failure.fromGuard()) {
            return;
        }
        long now = clock.getAsLong();
        trialInFlight = false;
        if (failure.retryAfter() != null && (failure.upstreamStatus() == 429 || failure.fault() == Fault.EXTERNAL)) {
            holdUntil = Math.max(holdUntil, now + failure.retryAfter().toNanos());
        }
        if (failure.fault() != Fault.EXTERNAL) {
            // The external system answered: it is up, whatever was wrong with this call.
            consecutiveFailures = 0;
            open = false;
            return;
        }
        consecutiveFailures++;
        if (open || consecutiveFailures >= failureThreshold) {
            long retryAfter = failure.retryAfter() == null ? 0 : failure.retryAfter().toNanos();
            open = true;
            openUntil = now + Math.max(openForNanos, retryAfter);
        }
    }

    synchronized boolean isOpen() {
        return open;
    }

    private void refill(long now) {
        tokens = Math.min(burst, tokens + (now - refilledAt) * permitsPerNano);
        refilledAt = now;
    }

    private static Failure guardFailure(Fault fault, String message, long waitNanos) {
        return new Failure(fault, message, true, Duration.ofNanos(Math.max(waitNanos, 1)), 0, true);
    }
}
