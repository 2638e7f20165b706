package io.connectors.registry;

import io.connectors.platform.testing.RealServersProfile;

import java.util.Map;

/** The registry is stateless (the catalog is code): its integration tests need only the real Keycloak. */
public class SchemaRegistryProfile extends RealServersProfile {

    public SchemaRegistryProfile() {
        super(null, null);
    }

    /** {@link RetiredFaxType} exists only in tests, so every real type stays enabled while disabling is exercised. */
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("connectors.types.disabled", RetiredFaxType.ID);
    }
}
