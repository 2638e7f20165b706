package io.connectors.config;

import io.connectors.platform.testing.RealServersProfile;
import io.connectors.platform.testing.SignedApprovals;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * config-service integration tests run on a real PostgreSQL database, Kafka broker and Keycloak, with a fresh local
 * credential key per test JVM and one connector type disabled (to prove disabled types refuse new configurations).
 * Hibernate statistics are on so tests can see how queries use the query plan cache. Approval events are trusted when
 * signed by {@link SignedApprovals#TRUSTED}: the tests play policy-service.
 */
public class ConfigServiceProfile extends RealServersProfile {

    public static final String DISABLED_TYPE = "opsgenie";
    private static final String KEY = "it:" + randomKey();

    public ConfigServiceProfile() {
        super("config", "config-service");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(SignedApprovals.trustedKeyConfig("connectors.config.approvals"));
        config.putAll(Map.of(
                "connectors.secrets.local.key", KEY,
                "connectors.types.disabled", DISABLED_TYPE,
                "quarkus.log.category.\"io.connectors\".level", "DEBUG",
                "quarkus.hibernate-orm.statistics", "true"));
        return config;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
