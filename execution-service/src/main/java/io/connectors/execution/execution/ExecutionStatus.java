package io.connectors.execution.execution;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The life of an execution. The execute API answers with success, pending_approval, denied or error (sync) or
 * queued (async); GET shows the rest: received (older rows only: the flow now records an execution once it is
 * decided), approved (released by an approval, waiting for its turn), running, cancelled (the approval expired or was
 * withdrawn, or the connector was deleted, or it was never run before a crash), interrupted (the process died while
 * the call was in flight: the outcome is unknown, and it is never re-run by itself).
 */
public enum ExecutionStatus {
    RECEIVED, QUEUED, PENDING_APPROVAL, APPROVED, RUNNING, SUCCESS, DENIED, ERROR, CANCELLED, INTERRUPTED;

    /** Waiting for something outside this request: cancelled when its connector is deleted. */
    public static final Set<ExecutionStatus> PARKED = Set.of(QUEUED, PENDING_APPROVAL, APPROVED);

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == SUCCESS || this == DENIED || this == ERROR || this == CANCELLED || this == INTERRUPTED;
    }

    public static ExecutionStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public static Optional<ExecutionStatus> parse(String value) {
        return Arrays.stream(values()).filter(status -> status.value().equals(value)).findFirst();
    }
}
