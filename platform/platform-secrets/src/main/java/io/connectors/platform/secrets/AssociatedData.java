package io.connectors.platform.secrets;

import java.nio.charset.StandardCharsets;

/**
 * What a ciphertext is bound to: {@code <org id>|<config id>}. Both ids are required and may not contain the
 * separator, so two different bindings never produce the same bytes.
 */
final class AssociatedData {

    private static final char SEPARATOR = '|';

    private AssociatedData() {
    }

    static byte[] of(String orgId, String configId) {
        return (require("org id", orgId) + SEPARATOR + require("config id", configId)).getBytes(StandardCharsets.UTF_8);
    }

    private static String require(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new SecretCipherException("A secret must be bound to a " + what);
        }
        if (value.indexOf(SEPARATOR) >= 0) {
            throw new SecretCipherException("A " + what + " may not contain '" + SEPARATOR + "'");
        }
        return value;
    }
}
