package io.connectors.policy.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A realistic org policy of 100 rules over ten connector types: per-operation rules (50), per-connector-type rules
 * (20), per-operation-class rules (20) and global rules (10). Most are fixed-attribute comparisons (operation,
 * connector, actor, the UTC fields of now, sizes, key presence) that the engine decides without the CEL runtime; the
 * others need it (values in params) once their guards pass. Plus the same count of rules that all need the CEL
 * runtime and apply to every input, as the worst case.
 */
final class HundredRules {

    record Op(String type, String name, String operationClass, long baseRisk) {
    }

    static final List<Op> OPERATIONS = List.of(
            new Op("crowdstrike", "detections:read", "read", 10), new Op("crowdstrike", "hosts:read", "read", 10),
            new Op("crowdstrike", "hosts:contain", "destructive", 80), new Op("crowdstrike", "hosts:lift_containment", "write", 50),
            new Op("splunk", "search:run", "read", 20), new Op("splunk", "alerts:read", "read", 10),
            new Op("jira", "issues:read", "read", 5), new Op("jira", "issues:create", "write", 30),
            new Op("jira", "issues:delete", "destructive", 70), new Op("servicenow", "incidents:read", "read", 5),
            new Op("servicenow", "incidents:create", "write", 30), new Op("servicenow", "incidents:close", "write", 40),
            new Op("slack", "messages:send", "write", 30), new Op("slack", "channels:archive", "destructive", 60),
            new Op("pagerduty", "incidents:trigger", "write", 40), new Op("pagerduty", "incidents:resolve", "write", 30),
            new Op("sentinelone", "threats:read", "read", 10), new Op("sentinelone", "agents:disconnect", "destructive", 85),
            new Op("opsgenie", "alerts:create", "write", 20), new Op("webhook", "webhook:post", "write", 40),
            new Op("email", "email:send", "write", 30), new Op("jira", "projects:read", "read", 5),
            new Op("splunk", "saved_searches:delete", "destructive", 60), new Op("slack", "channels:read", "read", 5),
            new Op("pagerduty", "services:read", "read", 5));

    static final List<String> TYPES = List.of("crowdstrike", "splunk", "jira", "servicenow", "slack", "pagerduty",
            "sentinelone", "opsgenie", "webhook", "email");

    private HundredRules() {
    }

    static List<Rule> realistic() {
        List<Rule> rules = new ArrayList<>();
        for (Op op : OPERATIONS) {
            rules.add(rule("bulk " + op.name(), "operation.name == '" + op.name() + "' && params.size() > 5",
                    Effect.ESCALATE, 10));
            rules.add(rule("non-approver " + op.name(), "operation.name == '" + op.name()
                    + "' && !('approver' in actor.roles)", Effect.ALLOW, 5));
        }
        for (String type : TYPES) {
            rules.add(rule("night " + type, "connector.type == '" + type
                    + "' && operation.class == 'destructive' && now.getHours() >= 22", Effect.ESCALATE, 20));
            rules.add(rule("risky " + type, "connector.type == '" + type + "' && operation.base_risk >= 60",
                    Effect.ALLOW, 5));
        }
        List<String> classes = List.of("read", "write", "destructive");
        for (int i = 0; i < 20; i++) {
            String operationClass = classes.get(i % 3);
            rules.add(i % 2 == 0
                    ? rule("class " + i, "operation.class == '" + operationClass + "' && operation.base_risk >= " + (i * 5),
                    Effect.ALLOW, 1)
                    : rule("class " + i, "operation.class == '" + operationClass + "' && has(params.tag_" + i + ")",
                    Effect.ESCALATE, 3));
        }
        rules.add(rule("contractors", "'contractor' in actor.roles", Effect.DENY, 0));
        rules.add(rule("blocked user", "actor.subject == 'blocked-subject'", Effect.DENY, 0));
        rules.add(rule("foreign org", "org_id == '00000000-0000-4000-8000-000000000000'", Effect.DENY, 0));
        rules.add(rule("no roles", "size(actor.roles) == 0", Effect.ESCALATE, 10));
        rules.add(rule("wildcard query", "has(params.query) && params.query.contains('*')", Effect.ESCALATE, 10));
        rules.add(rule("weekend change", "operation.class != 'read' && now.getDayOfWeek() == 0", Effect.ESCALATE, 10));
        rules.add(rule("wide scope", "connector.permitted_operations.size() > 40", Effect.ALLOW, 5));
        rules.add(rule("very risky", "operation.base_risk > 90", Effect.ESCALATE, 0));
        rules.add(rule("admin destructive", "operation.class == 'destructive' && 'admin' in actor.roles", Effect.ALLOW, 0));
        rules.add(rule("bot", "has(actor.username) && actor.username.endsWith('-bot')", Effect.ESCALATE, 10));
        return rules;
    }

    /** 100 rules that each need the CEL runtime on every input: no guard can skip them. */
    static List<Rule> allNeedCel() {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rules.add(rule("cel " + i, switch (i % 4) {
                case 0 -> "has(params.tag_" + i + ")";
                case 1 -> "actor.roles.exists(r, r == 'role-" + i + "')";
                case 2 -> "params.size() > " + (i + 10);
                default -> "now.getHours() == " + (i % 24) + " && params.size() > 3";
            }, Effect.ESCALATE, 1));
        }
        return rules;
    }

    static List<DecisionInput> inputs() {
        List<DecisionInput> inputs = new ArrayList<>();
        Instant now = Instant.parse("2026-03-18T12:00:00Z");
        for (Op op : OPERATIONS) {
            List<String> permitted = OPERATIONS.stream().filter(o -> o.type().equals(op.type())).map(Op::name).toList();
            inputs.add(new DecisionInput("11111111-1111-4111-8111-111111111111",
                    new DecisionInput.Actor("0b6f2e1c-sub", "acme-deployer", List.of("deployer", "default-roles")),
                    new DecisionInput.Connector("c0ffee00-0000-4000-8000-000000000001", op.type(), "agent-1", permitted),
                    new DecisionInput.Operation(op.name(), op.operationClass(), op.baseRisk()),
                    Map.of("device_id", "abc", "limit", 50L, "filter", "severity:Critical"), now));
        }
        return inputs;
    }

    private static Rule rule(String name, String expression, Effect effect, int weight) {
        return new Rule(null, name, null, expression, effect, weight, 0);
    }
}
