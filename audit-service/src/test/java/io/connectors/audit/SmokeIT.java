package io.connectors.audit;

import io.connectors.platform.testing.PersistentServiceSmokeContract;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(AuditServiceProfile.class)
class SmokeIT extends PersistentServiceSmokeContract {

    @Override
    protected String[] expectedReadinessChecks() {
        return new String[] {"Reactive PostgreSQL connections health check", "Kafka connection health check"};
    }

    @Override
    protected String protectedPath() {
        return "/v1/audit/schema";
    }
}
