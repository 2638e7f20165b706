package io.connectors.policy.decision;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.policy.web.JsonFields;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code POST /v1/decisions}: what execution-service is about to run, for whom, and in which org. */
public record DecisionRequest(
        @JsonProperty("org_id") UUID orgId,
        @JsonProperty("execution_id") UUID executionId,
        ActorDto actor,
        ConnectorDto connector,
        OperationDto operation,
        JsonNode params) {

    private static final Set<String> FIELDS = fields();

    /** The request's fields, each of its JSON type or null; {@link DecisionService} and {@link DecisionInputs} check them. */
    static DecisionRequest read(JsonFields fields) {
        fields.rejectUnknown(FIELDS);
        UUID orgId = fields.uuid("org_id");
        UUID executionId = fields.uuid("execution_id");
        DecisionSubject subject = DecisionSubject.read(fields);
        return new DecisionRequest(orgId, executionId, subject.actor(), subject.connector(), subject.operation(),
                subject.params());
    }

    public DecisionSubject subject() {
        return new DecisionSubject(actor, connector, operation, params);
    }

    private static Set<String> fields() {
        Set<String> all = new HashSet<>(DecisionSubject.FIELDS);
        all.add("org_id");
        all.add("execution_id");
        return Set.copyOf(all);
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
