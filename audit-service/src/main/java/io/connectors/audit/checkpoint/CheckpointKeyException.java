package io.connectors.audit.checkpoint;

/** The checkpoint key file cannot be used: start-up stops with this message (which never holds key material). */
public class CheckpointKeyException extends IllegalStateException {

    public CheckpointKeyException(String message) {
        super(message);
    }
}
