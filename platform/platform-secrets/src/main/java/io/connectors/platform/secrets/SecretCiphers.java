package io.connectors.platform.secrets;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vault.VaultTransitSecretReactiveEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;

/** Provides the {@link SecretCipher} chosen by {@code connectors.secrets.provider}; a misconfiguration stops start-up. */
@ApplicationScoped
public class SecretCiphers {

    private final SecretsConfig config;
    private final Instance<VaultTransitSecretReactiveEngine> vault;
    private final Config rawConfig;

    public SecretCiphers(SecretsConfig config, Instance<VaultTransitSecretReactiveEngine> vault, Config rawConfig) {
        this.config = config;
        this.vault = vault;
        this.rawConfig = rawConfig;
    }

    @Produces
    @ApplicationScoped
    SecretCipher cipher() {
        return switch (config.provider()) {
            case LOCAL -> new LocalEnvelopeCipher(LocalKeyRing.load(config.local()));
            case VAULT -> new VaultTransitCipher(vault.get(), config.vault().keyName());
        };
    }

    void checkOnStart(@Observes StartupEvent started) {
        switch (config.provider()) {
            case LOCAL -> LocalKeyRing.load(config.local());
            case VAULT -> {
                if (rawConfig.getOptionalValue("quarkus.vault.url", String.class).isEmpty()) {
                    throw new SecretCipherException("connectors.secrets.provider=vault needs quarkus.vault.url");
                }
            }
        }
    }
}
