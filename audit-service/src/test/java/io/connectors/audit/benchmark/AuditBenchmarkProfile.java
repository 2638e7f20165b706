package io.connectors.audit.benchmark;

import io.connectors.platform.testing.RealServersProfile;

import java.util.ArrayList;
import java.util.List;

/** The real broker and Keycloak of the functional tests, but a PostgreSQL that really flushes each commit to disk. */
public class AuditBenchmarkProfile extends RealServersProfile {

    public AuditBenchmarkProfile() {
        super(null, true);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        List<TestResourceEntry> resources = new ArrayList<>(super.testResources());
        resources.add(new TestResourceEntry(DurablePostgres.class));
        return resources;
    }
}
