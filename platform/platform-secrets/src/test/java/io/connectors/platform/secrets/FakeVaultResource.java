package io.connectors.platform.secrets;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts {@link FakeVault} and points the Quarkus Vault client and the {@code vault} provider at it. */
public class FakeVaultResource implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "s.fake-vault-test-token";
    static final String KEY = "connectors-credentials";

    private static volatile FakeVault vault;

    static FakeVault vault() {
        return vault;
    }

    @Override
    public Map<String, String> start() {
        try {
            vault = new FakeVault(TOKEN, KEY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "connectors.secrets.provider", "vault",
                "connectors.secrets.vault.key-name", KEY,
                "quarkus.vault.url", vault.url(),
                "quarkus.vault.authentication.client-token", TOKEN);
    }

    @Override
    public void stop() {
        if (vault != null) {
            vault.close();
        }
    }
}
