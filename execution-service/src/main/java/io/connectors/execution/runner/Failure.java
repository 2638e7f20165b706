package io.connectors.execution.runner;

import io.connectors.types.runtime.ConnectorException;
import io.smallrye.mutiny.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;

/**
 * A classified failure of an outbound call. {@code fromGuard} marks refusals of this service's own breaker and rate
 * limiter: they say nothing new about the external system, so they neither feed the breaker nor count as a health
 * sample.
 */
public final class Failure extends RuntimeException {

    private static final Logger LOG = Logger.getLogger(Failure.class);

    private final Fault fault;
    private final boolean retryable;
    private final Duration retryAfter;
    private final int upstreamStatus;
    private final boolean fromGuard;

    Failure(Fault fault, String message, boolean retryable, Duration retryAfter, int upstreamStatus, boolean fromGuard) {
        super(message, null, false, false);
        this.fault = fault;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.upstreamStatus = upstreamStatus;
        this.fromGuard = fromGuard;
    }

    public static Failure of(Fault fault, String message, boolean retryable) {
        return new Failure(fault, message, retryable, null, 0, false);
    }

    /** Classifies anything an outbound call can fail with. Unknown failures are logged under an incident id only. */
    public static Failure classify(Throwable failure) {
        if (failure instanceof Failure known) {
            return known;
        }
        if (failure instanceof ConnectorException connector) {
            return new Failure(Fault.of(connector.fault()), connector.getMessage(), connector.retryable(),
                    connector.retryAfter().orElse(null), connector.upstreamStatus(), false);
        }
        if (failure instanceof TimeoutException) {
            return new Failure(Fault.EXTERNAL, "The external system did not answer in time", true, null, 0, false);
        }
        String incident = UUID.randomUUID().toString();
        // The message of an unexpected exception may quote anything (even a credential): log the type only.
        LOG.errorf("Connector call failed unexpectedly, incident %s: %s", incident, failure.getClass().getName());
        return new Failure(Fault.EXTERNAL, "The connector failed unexpectedly; incident " + incident, false, null, 0, false);
    }

    /** This failure with the connector's secrets taken out of its message (a vendor's error may quote them). */
    Failure scrubbed(CredentialScrubber scrubber) {
        String message = scrubber.scrub(getMessage());
        return java.util.Objects.equals(message, getMessage()) ? this
                : new Failure(fault, message, retryable, retryAfter, upstreamStatus, fromGuard);
    }

    public Fault fault() {
        return fault;
    }

    public boolean retryable() {
        return retryable;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public int upstreamStatus() {
        return upstreamStatus;
    }

    public boolean fromGuard() {
        return fromGuard;
    }

    /** Whether this failure says the connector cannot do its job (a health sample), as opposed to a bad request. */
    public boolean countsAgainstHealth() {
        return !fromGuard && fault != Fault.CALLER;
    }

    public ExecutionError toError() {
        Long seconds = retryAfter == null ? null : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ExecutionError(getMessage(), fault, retryable, retryable ? seconds : null,
                upstreamStatus > 0 ? upstreamStatus : null, null);
    }
}
