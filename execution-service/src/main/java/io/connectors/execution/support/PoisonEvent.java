package io.connectors.execution.support;

/** An event this service can never process (malformed, inconsistent): it goes to the dead-letter topic at once. */
public class PoisonEvent extends RuntimeException {

    public PoisonEvent(String message) {
        super(message, null, false, false);
    }
}
