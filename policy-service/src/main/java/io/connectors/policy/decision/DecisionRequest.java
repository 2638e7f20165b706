package io.connectors.policy.decision;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.UUID;

/** {@code POST /v1/decisions}: what execution-service is about to run, for whom, and in which org. */
public record DecisionRequest(
        @JsonProperty("org_id") UUID orgId,
        @JsonProperty("execution_id") UUID executionId,
        ActorDto actor,
        ConnectorDto connector,
        OperationDto operation,
        JsonNode params) {

    public DecisionSubject subject() {
        return new DecisionSubject(actor, connector, operation, params);
    }

    public record ActorDto(String subject, String username, List<String> roles) {
    }

    public record ConnectorDto(UUID id, String type, @JsonProperty("agent_id") UUID agentId,
                               @JsonProperty("permitted_operations") List<String> permittedOperations) {
    }

    public record OperationDto(String name, @JsonProperty("class") String operationClass,
                               @JsonProperty("base_risk") Integer baseRisk) {
    }
}
