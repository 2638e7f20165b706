package io.connectors.platform.secrets;

import io.quarkus.vault.VaultTransitSecretReactiveEngine;
import io.quarkus.vault.transit.ClearData;
import io.quarkus.vault.transit.TransitContext;
import io.smallrye.mutiny.Uni;

/**
 * HashiCorp Vault Transit through the Quarkus Vault client. The key is a derived key ({@code derived=true}); the
 * request {@code context} is {@code org|config}, so Vault derives one key per org and config and a ciphertext opens
 * only with the same binding. Vault keeps the key: this service never sees key material. Envelope:
 * {@code vault:<key name>:<Vault ciphertext, vault:v<N>:...>}; rewrap moves it to the key's latest version.
 */
final class VaultTransitCipher implements SecretCipher {

    static final String PREFIX = "vault:";

    private final VaultTransitSecretReactiveEngine transit;
    private final String keyName;

    VaultTransitCipher(VaultTransitSecretReactiveEngine transit, String keyName) {
        this.transit = transit;
        this.keyName = keyName;
    }

    @Override
    public Uni<String> encrypt(String orgId, String configId, byte[] plaintext) {
        return Uni.createFrom().item(() -> context(orgId, configId))
                .chain(context -> transit.encrypt(keyName, new ClearData(plaintext), context))
                .map(ciphertext -> PREFIX + keyName + ":" + ciphertext)
                .onFailure(failure -> !(failure instanceof SecretCipherException))
                .transform(failure -> refused("encrypt", failure));
    }

    @Override
    public Uni<byte[]> decrypt(String orgId, String configId, String envelope) {
        return Uni.createFrom().item(() -> Parsed.of(envelope))
                .chain(parsed -> transit.decrypt(parsed.keyName, parsed.ciphertext, context(orgId, configId)))
                .map(ClearData::getValue)
                .onFailure(failure -> !(failure instanceof SecretCipherException))
                .transform(failure -> refused("decrypt", failure));
    }

    @Override
    public Uni<String> rewrap(String orgId, String configId, String envelope) {
        return Uni.createFrom().item(() -> Parsed.of(envelope))
                .chain(parsed -> transit.rewrap(parsed.keyName, parsed.ciphertext, context(orgId, configId))
                        .map(ciphertext -> PREFIX + parsed.keyName + ":" + ciphertext))
                .onFailure(failure -> !(failure instanceof SecretCipherException))
                .transform(failure -> refused("rewrap", failure));
    }

    private static TransitContext context(String orgId, String configId) {
        return TransitContext.fromContext(AssociatedData.of(orgId, configId));
    }

    private static SecretCipherException refused(String operation, Throwable failure) {
        // The Vault client's message names the status and Vault's error list, never the request body.
        return new SecretCipherException("Vault Transit could not " + operation + " the secret: " + failure.getMessage(), failure);
    }

    private record Parsed(String keyName, String ciphertext) {

        static Parsed of(String envelope) {
            if (envelope == null || !envelope.startsWith(PREFIX)) {
                throw new SecretCipherException("Not a vault envelope");
            }
            String rest = envelope.substring(PREFIX.length());
            int colon = rest.indexOf(':');
            if (colon <= 0 || !rest.startsWith("vault:v", colon + 1)) {
                throw new SecretCipherException("A vault envelope must be vault:<key name>:vault:v<N>:<ciphertext>");
            }
            return new Parsed(rest.substring(0, colon), rest.substring(colon + 1));
        }
    }
}
