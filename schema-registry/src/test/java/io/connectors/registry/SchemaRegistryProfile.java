package io.connectors.registry;

import io.connectors.platform.testing.RealServersProfile;

/** The registry is stateless (the catalog is code): its integration tests need only the real Keycloak. */
public class SchemaRegistryProfile extends RealServersProfile {

    public SchemaRegistryProfile() {
        super(null, false);
    }
}
