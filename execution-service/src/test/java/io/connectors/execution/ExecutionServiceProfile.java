package io.connectors.execution;

import io.connectors.platform.testing.RealServersProfile;

/** execution-service integration tests run on a real PostgreSQL database, Kafka broker and Keycloak. */
public class ExecutionServiceProfile extends RealServersProfile {

    public ExecutionServiceProfile() {
        super("execution", true);
    }
}
