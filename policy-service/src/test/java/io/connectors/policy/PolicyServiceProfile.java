package io.connectors.policy;

import io.connectors.platform.testing.RealServersProfile;

/** policy-service integration tests run on a real PostgreSQL database, Kafka broker and Keycloak. */
public class PolicyServiceProfile extends RealServersProfile {

    public PolicyServiceProfile() {
        super("policy", true);
    }
}
