package io.connectors.policy.policy;

import io.connectors.policy.PolicyServiceProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.connectors.policy.Fixtures.GLOBEX;
import static io.connectors.policy.Fixtures.as;
import static io.connectors.policy.Fixtures.decide;
import static io.connectors.policy.Fixtures.decision;
import static io.connectors.policy.Fixtures.executeAsOwner;
import static io.connectors.policy.Fixtures.executeInOrg;
import static io.connectors.policy.Fixtures.queryAsApp;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Decisions use each org's rules from memory, and see every change: at once on the replica that made it, through
 * LISTEN/NOTIFY on the others, and after the listener lost its connection. Changes through the API are made in globex
 * (and undone); changes "by another replica" are made behind the service's back, in an org of their own.
 */
@QuarkusTest
@TestProfile(PolicyServiceProfile.class)
class RuleCacheIT {

    /** The channel and payload policy-service notifies and listens to. */
    private static final String CHANNEL = "policy_set_changed";
    private static final String LISTENER = "policy-service-listener";

    /** A read of base risk 30: allowed under the default thresholds (50, 90). */
    private static Map<String, Object> read(String org, String device) {
        return decision(org, "globex-deployer", "crowdstrike", "detections:read", "read", 30,
                List.of("detections:read"), Map.of("device_id", device));
    }

    /** Sets the org's thresholds as another replica's change would, without its notification. */
    private static void setThresholdsBehindTheBack(String org, int escalate, int deny) {
        assertEquals(1, executeInOrg(org, "insert into org_settings (org_id, escalate_threshold, deny_threshold,"
                + " policy_set_version, updated_at, updated_by) values (?, ?, ?, 1, now(), 'another replica')"
                + " on conflict (org_id) do update set escalate_threshold = excluded.escalate_threshold,"
                + " deny_threshold = excluded.deny_threshold,"
                + " policy_set_version = org_settings.policy_set_version + 1", org, escalate, deny));
    }

    /** Decides {@code body} until the outcome is {@code expected}, for at most {@code within}. */
    private static void awaitOutcome(Map<String, Object> body, String expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String outcome;
        do {
            outcome = decide(body).then().statusCode(200).extract().path("outcome");
            if (expected.equals(outcome)) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        fail("still " + outcome + " after " + within + ", expected " + expected);
    }

    private static Map<String, Object> policy(String name, String expression, boolean enabled) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("expression", expression);
        body.put("effect", "deny");
        body.put("risk_weight", 0);
        body.put("enabled", enabled);
        return body;
    }

    @Test
    void decidesWithNewThresholdsInTheVeryNextDecision() {
        Map<String, Object> read = read(GLOBEX, "host-" + UUID.randomUUID());
        decide(read).then().statusCode(200).body("outcome", equalTo("allow"));
        try {
            as("globex-admin").body(Map.of("escalate_threshold", 10, "deny_threshold", 25)).put("/v1/policies/settings")
                    .then().statusCode(200);
            decide(read).then().statusCode(200).body("outcome", equalTo("deny"));
        } finally {
            as("globex-admin").body(Map.of("escalate_threshold", 50, "deny_threshold", 90)).put("/v1/policies/settings")
                    .then().statusCode(200);
        }
        decide(read).then().statusCode(200).body("outcome", equalTo("allow"));
    }

    @Test
    void decidesWithACreatedUpdatedOrDeletedPolicyInTheVeryNextDecision() {
        String device = "host-" + UUID.randomUUID();
        Map<String, Object> read = read(GLOBEX, device);
        decide(read).then().statusCode(200).body("outcome", equalTo("allow"));
        String name = "cache " + device;
        Map<String, Object> policy = policy(name, "params.device_id == '" + device + "'", true);

        String id = as("globex-admin").body(policy).post("/v1/policies").then().statusCode(201).extract().path("id");
        try {
            decide(read).then().statusCode(200).body("outcome", equalTo("deny")).body("reasons[0].policy_id", equalTo(id));

            as("globex-admin").body(policy(name, "params.device_id == '" + device + "'", false))
                    .put("/v1/policies/" + id).then().statusCode(200);
            decide(read).then().statusCode(200).body("outcome", equalTo("allow"));

            as("globex-admin").body(policy).put("/v1/policies/" + id).then().statusCode(200);
            decide(read).then().statusCode(200).body("outcome", equalTo("deny"));
        } finally {
            as("globex-admin").delete("/v1/policies/" + id).then().statusCode(204);
        }
        decide(read).then().statusCode(200).body("outcome", equalTo("allow"));
    }

    @Test
    void dropsAnOrgsRulesWhenAnotherReplicaNotifiesAChange() throws InterruptedException {
        String org = UUID.randomUUID().toString();
        Map<String, Object> read = read(org, "abc");
        decide(read).then().statusCode(200).body("outcome", equalTo("allow"));

        setThresholdsBehindTheBack(org, 10, 25);
        decide(read).then().statusCode(200).body("outcome", equalTo("allow")); // from memory: not read per decision

        executeAsOwner("select pg_notify('" + CHANNEL + "', '" + org + "')");
        awaitOutcome(read, "deny", Duration.ofSeconds(5));
    }

    @Test
    void dropsEveryOrgsRulesWhenTheListenerReconnects() throws InterruptedException {
        String org = UUID.randomUUID().toString();
        Map<String, Object> read = read(org, "abc");
        decide(read).then().statusCode(200).body("outcome", equalTo("allow"));
        setThresholdsBehindTheBack(org, 10, 25); // its notification is lost: nobody listens when it is sent
        decide(read).then().statusCode(200).body("outcome", equalTo("allow"));

        // as a database restart would: the listener's session ends (the app role may end its own sessions)
        List<String> ended = queryAsApp("select pg_terminate_backend(pid)::text from pg_stat_activity"
                + " where datname = current_database() and application_name = ?", LISTENER);
        assertEquals(List.of("true"), ended, "one listener session");

        awaitOutcome(read, "deny", Duration.ofSeconds(15));
        assertTrue(awaitListener(Duration.ofSeconds(15)), "the listener is back");
    }

    private static boolean awaitListener(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!queryAsApp("select pid::text from pg_stat_activity where datname = current_database()"
                    + " and application_name = ?", LISTENER).isEmpty()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
