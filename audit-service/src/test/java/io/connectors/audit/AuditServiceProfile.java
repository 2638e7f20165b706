package io.connectors.audit;

import io.connectors.platform.testing.RealServersProfile;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * audit-service integration tests run on a real PostgreSQL database, Kafka broker and Keycloak, with a checkpoint key
 * file that the service makes at its first start (as the local stack's), fresh per test JVM.
 */
public class AuditServiceProfile extends RealServersProfile {

    /** Made once per profile: every call of getConfigOverrides names the same file. */
    private final Map<String, String> keyConfig = checkpointKeyConfig();

    public AuditServiceProfile() {
        super("audit", "audit-service");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return keyConfig;
    }

    /** A key file that does not exist yet, and the permission to make it. Tests read its path from the config. */
    public static Map<String, String> checkpointKeyConfig() {
        Path file = Path.of("target", "it-checkpoint-keys", UUID.randomUUID().toString(), "checkpoint-key.pem")
                .toAbsolutePath();
        return Map.of(
                "connectors.audit.checkpoint.key-file", file.toString(),
                "connectors.audit.checkpoint.generate-if-missing", "true");
    }
}
