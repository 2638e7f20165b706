package io.connectors.platform.signing;

/**
 * A signing or verification key that cannot be used: missing, unreadable, of the wrong kind, or configured twice. The
 * message names the setting or file, never key material; thrown at start-up, so a misconfigured service does not run.
 */
public class SigningKeyException extends RuntimeException {

    public SigningKeyException(String message) {
        super(message);
    }

    public SigningKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
