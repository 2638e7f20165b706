package io.connectors.execution.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The body of {@code POST /v1/decisions} on policy-service. */
public record DecisionRequest(
        @JsonProperty("org_id") String orgId,
        @JsonProperty("execution_id") String executionId,
        Actor actor,
        Connector connector,
        Operation operation,
        JsonNode params) {

    public record Actor(String subject, String username, List<String> roles) {
    }

    public record Connector(String id, String type, @JsonProperty("agent_id") String agentId,
                            @JsonProperty("permitted_operations") List<String> permittedOperations) {
    }

    public record Operation(String name, @JsonProperty("class") String operationClass,
                            @JsonProperty("base_risk") int baseRisk) {
    }
}
