package io.connectors.platform.secrets;

/** A secret that cannot be encrypted, decrypted or rewrapped. Messages name the reason, never the secret. */
public class SecretCipherException extends RuntimeException {

    public SecretCipherException(String message) {
        super(message);
    }

    public SecretCipherException(String message, Throwable cause) {
        super(message, cause);
    }
}
