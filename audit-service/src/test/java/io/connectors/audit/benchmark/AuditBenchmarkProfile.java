package io.connectors.audit.benchmark;

import io.connectors.audit.AuditServiceProfile;
import io.connectors.platform.testing.RealServersProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real broker and Keycloak of the functional tests, but a PostgreSQL that really flushes each commit to disk. */
public class AuditBenchmarkProfile extends RealServersProfile {

    /** Made once per profile: every call of getConfigOverrides names the same file. */
    private final Map<String, String> keyConfig = AuditServiceProfile.checkpointKeyConfig();

    public AuditBenchmarkProfile() {
        super(null, "audit-service");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return keyConfig;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        List<TestResourceEntry> resources = new ArrayList<>(super.testResources());
        resources.add(new TestResourceEntry(DurablePostgres.class));
        return resources;
    }
}
