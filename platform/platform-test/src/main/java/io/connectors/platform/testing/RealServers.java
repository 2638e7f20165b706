package io.connectors.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * The Quarkus test resource every service's integration tests use. Init args choose the servers:
 * {@code database=<name>} a fresh PostgreSQL database, {@code kafka=<principal>} the broker, the service connecting as that principal, {@code keycloak=true} the
 * identity provider. All in one resource so a module's tests share one application start.
 */
public class RealServers implements QuarkusTestResourceLifecycleManager {

    private static volatile Database database;

    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = initArgs;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.devservices.enabled", "false");
        String databaseName = args.get("database");
        if (databaseName != null) {
            database = PostgresServer.get().createDatabase(databaseName);
            config.putAll(database.quarkusConfig());
        }
        String kafkaPrincipal = args.get("kafka");
        if (kafkaPrincipal != null) {
            config.putAll(KafkaServer.get().serviceConfig(kafkaPrincipal));
        }
        config.putAll(quietKafkaLogs());
        if (Boolean.parseBoolean(args.getOrDefault("keycloak", "false"))) {
            KeycloakServer keycloak = KeycloakServer.get();
            config.put("quarkus.oidc.auth-server-url", keycloak.realmUrl());
        }
        return config;
    }

    @Override
    public void stop() {
        // Servers live for the whole JVM (see each server's shutdown hook): later test classes reuse them.
    }

    /** The broker's and Kafka clients' loggers at WARN in every service's tests (INFO floods CI logs). */
    static Map<String, String> quietKafkaLogs() {
        Map<String, String> categories = new HashMap<>();
        KafkaServer.QUIET_LOGGERS.forEach(name -> categories.put("quarkus.log.category.\"" + name + "\".level", "WARN"));
        return categories;
    }

    /** The database created for this module's tests. */
    public static Database database() {
        if (database == null) {
            throw new IllegalStateException("No test database: annotate with RealServers and the 'database' init arg");
        }
        return database;
    }
}
