package io.connectors.execution;

import io.connectors.execution.testing.ApprovalSigning;
import io.connectors.execution.testing.PolicyFake;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.RealServersProfile;

import java.util.HashMap;
import java.util.Map;

/**
 * execution-service integration tests run on a real PostgreSQL database, Kafka broker and Keycloak; policy-service is
 * the local {@link PolicyFake}, and the external systems are local vendor fakes on 127.0.0.1.
 */
public class ExecutionServiceProfile extends RealServersProfile {

    /** A throwaway key of the local cipher (32 zero-free bytes, base64), shared by the tests that play config-service. */
    public static final String TEST_KEY = "test-key:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    public ExecutionServiceProfile() {
        super("execution", "execution-service");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.rest-client.policy.url", PolicyFake.get().url());
        config.put("quarkus.rest-client.config.url", PolicyFake.get().url());
        // An outcome the database refuses is retried this long before the row is left to the reaper.
        config.put("connectors.execution.finish.give-up-after", "3s");
        // The decision timeout must be what ends a slow answer (PolicyFake's SLOW takes longer, the REST client's read
        // timeout longer still), with room for a loaded 2-core machine; the service token is fetched at start.
        config.put("connectors.execution.policy.timeout", "8s");
        config.put("quarkus.rest-client.policy.read-timeout", "20000");
        config.put("quarkus.oidc-client.early-tokens-acquisition", "true");
        config.put("connectors.secrets.local.key", TEST_KEY);
        // The tests play policy-service and sign approval events with this key's private half.
        config.put("connectors.execution.approvals.trusted-key." + ApprovalSigning.KEY_ID, ApprovalSigning.PUBLIC_KEY);
        // Vendor fakes listen on 127.0.0.1: the only non-public address connectors may reach here.
        config.put("connectors.outbound.allowed-hosts", "127.0.0.1");
        config.put("connectors.outbound.allowed-private-hosts", "127.0.0.1,localhost");
        // acme may name internal destinations (which the private-range guard must still refuse); globex may use localhost.
        config.put("connectors.execution.org-allowed-hosts." + KeycloakServer.ACME_ORG,
                "169.254.169.254,10.0.0.7,0.0.0.0,::1,100.64.0.1,::ffff:169.254.169.254,2130706433");
        config.put("connectors.execution.org-allowed-hosts." + KeycloakServer.GLOBEX_ORG, "localhost");
        config.put("connectors.execution.outbound.timeout", "1s");
        config.put("connectors.execution.outbound.attempt-timeout", "2s");
        config.put("connectors.execution.outbound.max-response-bytes", "64K");
        config.put("connectors.execution.retry.initial-backoff", "20ms");
        config.put("connectors.execution.retry.max-backoff", "100ms");
        config.put("connectors.execution.retry.max-retry-after", "2s");
        config.put("connectors.execution.breaker.failure-threshold", "4");
        config.put("connectors.execution.breaker.open-for", "5m");
        // MCP: small tools/list pages, so paging shows with a few connectors; one browser origin allowed (McpIT).
        config.put("connectors.execution.mcp.page-size", "25");
        config.put("connectors.execution.mcp.allowed-origins", "https://console.acme.example");
        // Periodic checks are started by the tests themselves (HealthChecks.checkAll).
        config.put("connectors.execution.health.check-interval", "1h");
        return config;
    }
}
