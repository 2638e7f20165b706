package io.connectors.platform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * One service's test database: where it is, who owns it, and the application role the service runs as. Tests use the
 * owner connection to play an attacker with table rights (tampering) or to look behind the application's back.
 */
public record Database(PostgresServer server, String name, String owner, String ownerPassword, String appRole,
                       String appPassword) {

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String reactiveUrl() {
        return server.reactiveUrl(name);
    }

    public Connection connectAsOwner() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), owner, ownerPassword);
    }

    public Connection connectAsApp() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), appRole, appPassword);
    }

    /**
     * Quarkus configuration for this database: the application runs as the application role; Flyway runs the
     * migrations as the owner.
     */
    public Map<String, String> quarkusConfig() {
        return Map.of(
                "quarkus.datasource.reactive.url", reactiveUrl(),
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", appRole,
                "quarkus.datasource.password", appPassword,
                "quarkus.flyway.username", owner,
                "quarkus.flyway.password", ownerPassword);
    }
}
