package io.connectors.platform.secrets;

import io.smallrye.mutiny.Uni;

/**
 * Encrypts connector credentials bound to their org and config id (associated data): an envelope decrypts only for
 * the same org and config, so a ciphertext copied to another row, org or config is useless. The envelope is an opaque
 * string naming its provider and key (e.g. {@code local:v1:<keyId>:<data>} or {@code vault:<key>:vault:v1:<data>});
 * store it as is. Failures are {@link SecretCipherException}s whose messages never carry plaintext.
 */
public interface SecretCipher {

    Uni<String> encrypt(String orgId, String configId, byte[] plaintext);

    Uni<byte[]> decrypt(String orgId, String configId, String envelope);

    /** The same plaintext under the provider's current key (key rotation), without exposing it to the caller. */
    Uni<String> rewrap(String orgId, String configId, String envelope);
}
