package io.connectors.policy;

import io.connectors.platform.testing.RealServersProfile;

import java.util.Map;

/** policy-service integration tests run on a real PostgreSQL database, Kafka broker and Keycloak. */
public class PolicyServiceProfile extends RealServersProfile {

    /** The approval signing key the tests' service makes on first start (its public half beside it, {@code .pub}). */
    public static final String SIGNING_KEY_FILE = "target/approval-signing/policy-test.key";
    public static final String SIGNING_KEY_ID = "policy-test";

    public PolicyServiceProfile() {
        super("policy", "policy-service");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // tests backdate an approval's deadline and watch the job expire it
                "connectors.policy.approvals.expiry-interval", "1s",
                "connectors.policy.approvals.signing.key-file", SIGNING_KEY_FILE,
                "connectors.policy.approvals.signing.key-id", SIGNING_KEY_ID,
                "connectors.policy.approvals.signing.generate", "true");
    }
}
