package io.connectors.policy.engine;

import dev.cel.runtime.CelVariableResolver;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a decision is about, already validated. {@code params} holds CEL values (String, Long, Double, Boolean,
 * NullValue, List, Map). The CEL variables are built once per input, and only when a rule needs the CEL runtime.
 */
public final class DecisionInput {

    private final String orgId;
    private final Actor actor;
    private final Connector connector;
    private final Operation operation;
    private final Map<String, Object> params;
    private final Instant now;
    private CelVariableResolver variables;
    private OffsetDateTime nowUtc;

    public DecisionInput(String orgId, Actor actor, Connector connector, Operation operation, Map<String, Object> params,
                         Instant now) {
        this.orgId = orgId;
        this.actor = actor;
        this.connector = connector;
        this.operation = operation;
        this.params = params;
        this.now = now;
    }

    public record Actor(String subject, String username, List<String> roles) {
    }

    public record Connector(String id, String type, String agentId, List<String> permittedOperations) {
    }

    public record Operation(String name, String operationClass, long baseRisk) {
    }

    public String orgId() {
        return orgId;
    }

    public Actor actor() {
        return actor;
    }

    public Connector connector() {
        return connector;
    }

    public Operation operation() {
        return operation;
    }

    public Map<String, Object> params() {
        return params;
    }

    public Instant now() {
        return now;
    }

    /** {@code now} in UTC, the time zone of CEL's timestamp accessors without an argument. */
    OffsetDateTime nowUtc() {
        if (nowUtc == null) {
            nowUtc = now.atOffset(ZoneOffset.UTC);
        }
        return nowUtc;
    }

    /**
     * The variables CEL expressions see; optional fields are absent (so {@code has()} tells), never null. A resolver
     * over one map built per input: evaluating with a map would copy it into a new activation for every rule.
     */
    CelVariableResolver variables() {
        if (variables == null) {
            Map<String, Object> actorMap = new HashMap<>(4);
            actorMap.put("subject", actor.subject());
            putIfPresent(actorMap, "username", actor.username());
            actorMap.put("roles", actor.roles());
            Map<String, Object> connectorMap = new HashMap<>(4);
            connectorMap.put("type", connector.type());
            putIfPresent(connectorMap, "agent_id", connector.agentId());
            connectorMap.put("permitted_operations", connector.permittedOperations());
            Map<String, Object> values = Map.of(
                    "operation", Map.of("name", operation.name(), "class", operation.operationClass(),
                            "base_risk", operation.baseRisk()),
                    "connector", connectorMap,
                    "actor", actorMap,
                    "params", params,
                    "org_id", orgId,
                    "now", now);
            variables = name -> Optional.ofNullable(values.get(name));
        }
        return variables;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
