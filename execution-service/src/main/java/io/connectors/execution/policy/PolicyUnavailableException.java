package io.connectors.execution.policy;

/** No usable decision: the execution must not run (fail closed). The message is safe to show. */
public class PolicyUnavailableException extends RuntimeException {

    private final boolean retryable;

    PolicyUnavailableException(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
