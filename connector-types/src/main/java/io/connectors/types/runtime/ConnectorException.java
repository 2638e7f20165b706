package io.connectors.types.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * What went wrong calling an external system, classified so the API can say whose fault it is and whether a retry may
 * succeed. The message is safe to show: it never holds a credential nor more of a vendor's body than a short,
 * sanitised error text.
 */
public class ConnectorException extends RuntimeException {

    /** Whose fault it is. */
    public enum Fault {
        /** The request was wrong: bad parameters, unknown object, a 4xx the caller can fix. */
        CALLER,
        /** The external system failed or could not be reached: 5xx, timeouts, refused connections. */
        EXTERNAL,
        /** The connector's configuration is wrong: rejected credentials (401/403), a missing credential field. */
        CONFIGURATION,
        /** The outbound guard refused the destination (allow-list, private address, scheme). */
        BLOCKED
    }

    private final Fault fault;
    private final boolean retryable;
    private final Duration retryAfter;
    private final int upstreamStatus;

    public ConnectorException(Fault fault, String message, boolean retryable, Duration retryAfter, int upstreamStatus) {
        super(message, null, false, false);
        this.fault = fault;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.upstreamStatus = upstreamStatus;
    }

    public static ConnectorException caller(String message) {
        return new ConnectorException(Fault.CALLER, message, false, null, 0);
    }

    public static ConnectorException configuration(String message) {
        return new ConnectorException(Fault.CONFIGURATION, message, false, null, 0);
    }

    public static ConnectorException blocked(String message) {
        return new ConnectorException(Fault.BLOCKED, message, false, null, 0);
    }

    /** The external system failed or was unreachable; {@code retryable} when the same call may succeed later. */
    public static ConnectorException external(String message, boolean retryable) {
        return new ConnectorException(Fault.EXTERNAL, message, retryable, null, 0);
    }

    /** The same failure with another fault: a token endpoint's 400 is the configuration's fault, not the caller's. */
    public ConnectorException withFault(Fault newFault) {
        return new ConnectorException(newFault, getMessage(), retryable, retryAfter, upstreamStatus);
    }

    public Fault fault() {
        return fault;
    }

    public boolean retryable() {
        return retryable;
    }

    /** When the external system said to come back (429 / 503 Retry-After and vendor equivalents). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The external system's HTTP status, 0 when there was no response. */
    public int upstreamStatus() {
        return upstreamStatus;
    }
}
