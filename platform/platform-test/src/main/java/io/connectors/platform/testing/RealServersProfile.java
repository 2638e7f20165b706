package io.connectors.platform.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test profile that starts the real servers a service needs. Each service declares one subclass and puts it on
 * every integration test ({@code @TestProfile(...)}), so all of a module's tests share one application start.
 */
public abstract class RealServersProfile implements QuarkusTestProfile {

    private final Map<String, String> servers;

    /**
     * @param database name prefix of the service's database, or null for a service without one
     * @param kafka    the service's Kafka principal (deploy/local/kafka/principals.tsv), or null for one without Kafka
     */
    protected RealServersProfile(String database, String kafka) {
        Map<String, String> args = new HashMap<>();
        if (database != null) {
            args.put("database", database);
        }
        if (kafka != null) {
            args.put("kafka", kafka);
        }
        args.put("keycloak", "true");
        this.servers = Map.copyOf(args);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RealServers.class, servers));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
