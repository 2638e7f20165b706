package io.connectors.policy.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Decision inputs for engine tests. */
final class Inputs {

    static final String ORG = "11111111-1111-4111-8111-111111111111";

    private Inputs() {
    }

    static DecisionInput input(String operation, String operationClass, long baseRisk, List<String> permitted,
                               List<String> roles, Map<String, Object> params) {
        return new DecisionInput(ORG,
                new DecisionInput.Actor("sub-1", "acme-deployer", roles),
                new DecisionInput.Connector("c1", "crowdstrike", "agent-1", permitted),
                new DecisionInput.Operation(operation, operationClass, baseRisk),
                params, Instant.parse("2026-03-18T12:00:00Z"));
    }

    static DecisionInput contain(long baseRisk) {
        return input("hosts:contain", "destructive", baseRisk, List.of("detections:read", "hosts:contain"),
                List.of("deployer"), Map.of("device_id", "abc"));
    }

    static DecisionInput readDetections() {
        return input("detections:read", "read", 10, List.of("detections:read", "hosts:contain"), List.of("deployer"),
                Map.of("limit", 50L));
    }
}
