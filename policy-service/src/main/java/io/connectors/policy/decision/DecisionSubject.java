package io.connectors.policy.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.policy.web.JsonFields;

import java.util.Set;

/** The part of a decision request the rules see (shared by decisions and dry runs). */
public record DecisionSubject(DecisionRequest.ActorDto actor, DecisionRequest.ConnectorDto connector,
                              DecisionRequest.OperationDto operation, JsonNode params) {

    public static final Set<String> FIELDS = Set.of("actor", "connector", "operation", "params");
    private static final Set<String> ACTOR = Set.of("subject", "username", "roles");
    private static final Set<String> CONNECTOR = Set.of("id", "type", "agent_id", "permitted_operations");
    private static final Set<String> OPERATION = Set.of("name", "class", "base_risk");

    /**
     * The subject's fields of {@code fields} (which may hold others: its caller rejects unknown ones), each of its
     * JSON type or null; {@link DecisionInputs} checks the values, params included.
     */
    public static DecisionSubject read(JsonFields fields) {
        JsonFields actor = fields.object("actor");
        JsonFields connector = fields.object("connector");
        JsonFields operation = fields.object("operation");
        return new DecisionSubject(actor == null ? null : actor(actor), connector == null ? null : connector(connector),
                operation == null ? null : operation(operation), fields.value("params"));
    }

    private static DecisionRequest.ActorDto actor(JsonFields fields) {
        fields.rejectUnknown(ACTOR);
        return new DecisionRequest.ActorDto(fields.text("subject"), fields.text("username"),
                fields.strings("roles", DecisionInputs.MAX_LIST));
    }

    private static DecisionRequest.ConnectorDto connector(JsonFields fields) {
        fields.rejectUnknown(CONNECTOR);
        return new DecisionRequest.ConnectorDto(fields.uuid("id"), fields.text("type"), fields.uuid("agent_id"),
                fields.strings("permitted_operations", DecisionInputs.MAX_LIST));
    }

    private static DecisionRequest.OperationDto operation(JsonFields fields) {
        fields.rejectUnknown(OPERATION);
        return new DecisionRequest.OperationDto(fields.text("name"), fields.text("class"), fields.integer("base_risk"));
    }
}
