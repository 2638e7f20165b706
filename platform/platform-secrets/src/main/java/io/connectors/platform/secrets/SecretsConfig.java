package io.connectors.platform.secrets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/** Which {@link SecretCipher} a service uses and its keys. */
@ConfigMapping(prefix = "connectors.secrets")
public interface SecretsConfig {

    /** {@code local} (embedded default) or {@code vault} (HashiCorp Vault Transit, configured under quarkus.vault). */
    @WithDefault("local")
    Provider provider();

    Local local();

    Vault vault();

    enum Provider {
        LOCAL,
        VAULT
    }

    /** Key-encryption keys of the local provider. Each key is 32 random bytes, base64, under an id. */
    interface Local {

        /**
         * A properties file of keys, one {@code <key-id>=<base64 key>} per line; keep every key still protecting a
         * stored secret until those are rewrapped.
         */
        Optional<Path> keyFile();

        /** One more key as {@code <key-id>:<base64 key>}, typically from the environment (CONNECTORS_SECRETS_LOCAL_KEY). */
        Optional<String> key();

        /** The key that encrypts and rewraps; may be omitted when only one key is known. */
        Optional<String> activeKeyId();
    }

    interface Vault {

        /**
         * The Transit key, created with {@code derived=true}: each org and config gets its own derived key through the
         * request {@code context}.
         */
        @WithDefault("connectors-credentials")
        String keyName();
    }
}
