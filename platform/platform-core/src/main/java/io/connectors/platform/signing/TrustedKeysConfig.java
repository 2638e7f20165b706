package io.connectors.platform.signing;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration group of a consumer's trusted signing keys, for a service's {@code @ConfigMapping} to extend
 * ({@code interface Approvals extends TrustedKeysConfig}); read with {@link SigningKeyFiles#verifier}.
 */
public interface TrustedKeysConfig {

    /**
     * A properties file of trusted keys, one {@code <key-id>=<base64>} a line (the DER SubjectPublicKeyInfo,
     * {@code openssl pkey -pubout -outform DER | base64}, or the raw 32-byte key): the local stack's and the
     * Kubernetes ConfigMap's form.
     */
    Optional<Path> trustedKeysFile();

    /** More trusted keys, {@code <prefix>.trusted-key.<key-id>=<base64>} (an environment variable cannot spell a key id). */
    Map<String, String> trustedKey();
}
