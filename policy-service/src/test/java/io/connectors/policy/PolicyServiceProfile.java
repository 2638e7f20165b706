package io.connectors.policy;

import io.connectors.platform.testing.RealServersProfile;

import java.util.Map;

/** policy-service integration tests run on a real PostgreSQL database, Kafka broker and Keycloak. */
public class PolicyServiceProfile extends RealServersProfile {

    public PolicyServiceProfile() {
        super("policy", true);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // tests backdate an approval's deadline and watch the job expire it
        return Map.of("connectors.policy.approvals.expiry-interval", "1s");
    }
}
