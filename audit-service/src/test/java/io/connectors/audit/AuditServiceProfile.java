package io.connectors.audit;

import io.connectors.platform.testing.RealServersProfile;

/** audit-service integration tests run on a real PostgreSQL database, Kafka broker and Keycloak. */
public class AuditServiceProfile extends RealServersProfile {

    public AuditServiceProfile() {
        super("audit", true);
    }
}
