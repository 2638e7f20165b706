package io.connectors.config;

import io.connectors.platform.testing.RealServersProfile;

/** config-service integration tests run on a real PostgreSQL database, Kafka broker and Keycloak. */
public class ConfigServiceProfile extends RealServersProfile {

    public ConfigServiceProfile() {
        super("config", true);
    }
}
