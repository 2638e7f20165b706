package io.connectors.registry;

import io.connectors.platform.testing.ServiceSmokeContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(SchemaRegistryProfile.class)
class SmokeIT extends ServiceSmokeContract {

    @Override
    protected String[] expectedReadinessChecks() {
        return new String[0];
    }

    @Override
    protected String protectedPath() {
        return "/v1/connector-types";
    }
}
