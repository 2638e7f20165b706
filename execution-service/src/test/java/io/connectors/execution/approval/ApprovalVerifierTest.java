package io.connectors.execution.approval;

import io.connectors.execution.ExecutionConfig;
import io.connectors.platform.signing.Ed25519Keys;
import io.connectors.platform.signing.SigningKeyException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApprovalVerifierTest {

    private static final String CURRENT = Ed25519Keys.publicKeyBase64(Ed25519Keys.generate().getPublic());
    private static final String PREVIOUS = Ed25519Keys.publicKeyBase64(Ed25519Keys.generate().getPublic());

    @TempDir
    Path dir;

    private static ExecutionConfig.Approvals config(Path file, Map<String, String> inline) {
        return new ExecutionConfig.Approvals() {
            @Override
            public Optional<Path> trustedKeysFile() {
                return Optional.ofNullable(file);
            }

            @Override
            public Map<String, String> trustedKey() {
                return inline;
            }
        };
    }

    @Test
    void trustsTheKeysOfTheFileAndOfTheConfigurationTogether() throws Exception {
        Path file = Files.writeString(dir.resolve("trusted.keys"), "policy-1=" + PREVIOUS + "\n");

        assertEquals(Set.of("policy-1", "policy-2"),
                ApprovalVerifier.load(config(file, Map.of("policy-2", CURRENT))).keyIds());
    }

    @Test
    void refusesToStartWithoutATrustedKeyAndSaysWhatToSet() {
        SigningKeyException failure = assertThrows(SigningKeyException.class, () -> ApprovalVerifier.load(config(null, Map.of())));

        assertTrue(failure.getMessage().contains("connectors.execution.approvals.trusted-keys-file")
                && failure.getMessage().contains("CONNECTORS_EXECUTION_APPROVALS_TRUSTED_KEYS_FILE"), failure.getMessage());
    }

    @Test
    void namesTheKeyThatCannotBeUsed() throws Exception {
        SigningKeyException notAKey = assertThrows(SigningKeyException.class,
                () -> ApprovalVerifier.load(config(null, Map.of("policy-1", "c2VjcmV0"))));
        assertTrue(notAKey.getMessage().startsWith("Trusted key policy-1 in connectors.execution.approvals.trusted-key"),
                notAKey.getMessage());

        Path file = Files.writeString(dir.resolve("trusted.keys"), "policy-1=" + PREVIOUS + "\n");
        SigningKeyException twice = assertThrows(SigningKeyException.class,
                () -> ApprovalVerifier.load(config(file, Map.of("policy-1", CURRENT))));
        assertTrue(twice.getMessage().contains("policy-1 is configured twice"), twice.getMessage());

        SigningKeyException missing = assertThrows(SigningKeyException.class,
                () -> ApprovalVerifier.load(config(dir.resolve("absent.keys"), Map.of())));
        assertTrue(missing.getMessage().contains("absent.keys cannot be read"), missing.getMessage());
    }

    /** The variable ./suite and the Kubernetes settings set names the file (and is not read as a key of the map). */
    @Test
    void readsTheTrustedKeysFileFromTheEnvironmentVariableTheDeploymentsSet() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of("CONNECTORS_EXECUTION_APPROVALS_TRUSTED_KEYS_FILE", "/etc/keys/trusted.keys"),
                        300) {
                })
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(ExecutionConfig.class)
                .build();

        ExecutionConfig.Approvals approvals = config.getConfigMapping(ExecutionConfig.class).approvals();
        assertEquals(Optional.of(Path.of("/etc/keys/trusted.keys")), approvals.trustedKeysFile());
        assertEquals(Map.of(), approvals.trustedKey(), "the file's variable is not read as a key named s_file");
    }
}
