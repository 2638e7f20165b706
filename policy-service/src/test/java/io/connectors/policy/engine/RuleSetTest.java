package io.connectors.policy.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleSetTest {

    private final PolicyEngine engine = new PolicyEngine();

    private CompiledRule rule(String name, String expression, Effect effect, int weight) throws PolicyCompileException {
        return engine.compile(new Rule("id-" + name, name, null, expression, effect, weight, 0));
    }

    @Test
    void defaultPolicyAllowsReadsAndEscalatesDestructiveOperations() {
        RuleSet defaults = new RuleSet(engine.defaultRules(), Thresholds.DEFAULT);

        Evaluation read = defaults.evaluate(Inputs.readDetections());
        assertEquals(Outcome.ALLOW, read.outcome());
        assertEquals(10, read.riskScore());
        assertEquals(List.of("allow-read"), read.reasons().stream().map(Reason::rule).toList());

        Evaluation contain = defaults.evaluate(Inputs.contain(40));
        assertEquals(Outcome.ESCALATE, contain.outcome());
        assertEquals(List.of("escalate-destructive"), contain.reasons().stream().map(Reason::rule).toList());
    }

    @Test
    void deniesAnOperationOutsidePermittedScopeWhateverTheRulesSay() throws PolicyCompileException {
        RuleSet allowAll = new RuleSet(List.of(rule("everything", "true", Effect.ALLOW, 0)), Thresholds.DEFAULT);
        DecisionInput outOfScope = Inputs.input("hosts:contain", "destructive", 70, List.of("detections:read"),
                List.of("admin"), Map.of());

        Evaluation evaluation = allowAll.evaluate(outOfScope);

        assertEquals(Outcome.DENY, evaluation.outcome());
        assertEquals(1, evaluation.reasons().size());
        assertEquals(Reason.SCOPE, evaluation.reasons().get(0).rule());
        assertTrue(evaluation.matchedRules().isEmpty());
    }

    @Test
    void scoresBaseRiskPlusMatchedWeightsClampedTo100() throws PolicyCompileException {
        RuleSet rules = new RuleSet(List.of(
                rule("big", "operation.class == 'read'", Effect.ALLOW, 60),
                rule("bigger", "params.limit > 10", Effect.ALLOW, 60),
                rule("unmatched", "operation.class == 'write'", Effect.ALLOW, 30)), new Thresholds(95, 100));

        Evaluation evaluation = rules.evaluate(Inputs.readDetections());

        assertEquals(100, evaluation.riskScore());
        assertEquals(Outcome.DENY, evaluation.outcome());
        assertEquals(Reason.RISK_THRESHOLD, evaluation.reasons().get(2).rule());
    }

    @Test
    void escalatesAndDeniesOnThresholds() throws PolicyCompileException {
        RuleSet rules = new RuleSet(List.of(rule("weight", "operation.name == 'hosts:contain'", Effect.ALLOW, 20)),
                new Thresholds(50, 90));

        assertEquals(Outcome.ALLOW, rules.evaluate(Inputs.contain(29)).outcome());
        Evaluation escalated = rules.evaluate(Inputs.contain(30));
        assertEquals(Outcome.ESCALATE, escalated.outcome());
        assertEquals(Reason.RISK_THRESHOLD, escalated.reasons().get(1).rule());
        Evaluation denied = rules.evaluate(Inputs.contain(70));
        assertEquals(Outcome.DENY, denied.outcome());
        assertEquals(90, denied.riskScore());
    }

    @Test
    void aMatchedDenyRuleWinsOverEscalateAndAllowRules() throws PolicyCompileException {
        RuleSet rules = new RuleSet(List.of(
                rule("allow", "true", Effect.ALLOW, 0),
                rule("escalate", "operation.class == 'destructive'", Effect.ESCALATE, 0),
                rule("deny", "'deployer' in actor.roles && params.device_id == 'abc'", Effect.DENY, 0)), Thresholds.DEFAULT);

        Evaluation evaluation = rules.evaluate(Inputs.contain(10));

        assertEquals(Outcome.DENY, evaluation.outcome());
        assertEquals(3, evaluation.matchedRules().size());
    }

    @Test
    void countsAFailingDenyOrEscalateRuleAsMatchedButNotAFailingAllowRule() throws PolicyCompileException {
        RuleSet escalateOnError = new RuleSet(List.of(rule("missing", "params.no_such_key == 'x'", Effect.ESCALATE, 5)),
                Thresholds.DEFAULT);
        Evaluation failed = escalateOnError.evaluate(Inputs.readDetections());
        assertEquals(Outcome.ESCALATE, failed.outcome());
        assertEquals(15, failed.riskScore());
        assertTrue(failed.reasons().get(0).message().startsWith("could not be evaluated"), failed.reasons().toString());

        RuleSet allowOnError = new RuleSet(List.of(rule("missing", "params.no_such_key == 'x'", Effect.ALLOW, 5)),
                Thresholds.DEFAULT);
        Evaluation ignored = allowOnError.evaluate(Inputs.readDetections());
        assertEquals(Outcome.ALLOW, ignored.outcome());
        assertEquals(10, ignored.riskScore());
    }

    @Test
    void seesTimeAndRolesAndParams() throws PolicyCompileException {
        RuleSet rules = new RuleSet(List.of(
                rule("noon", "now.getHours() == 12", Effect.ALLOW, 1),
                rule("role", "actor.roles.exists(r, r == 'deployer')", Effect.ALLOW, 2),
                rule("param", "has(params.device_id) && params.device_id.startsWith('ab')", Effect.ALLOW, 4),
                rule("org", "org_id == '" + Inputs.ORG + "'", Effect.ALLOW, 8)), new Thresholds(100, 100));

        assertEquals(10 + 15, rules.evaluate(Inputs.contain(10)).riskScore());
    }

    @Test
    void ordersReasonsByPriority() throws PolicyCompileException {
        RuleSet rules = new RuleSet(List.of(
                engine.compile(new Rule("a", "low", null, "true", Effect.ALLOW, 0, 1)),
                engine.compile(new Rule("b", "high", null, "true", Effect.ALLOW, 0, 9))), Thresholds.DEFAULT);

        assertEquals(List.of("high", "low"),
                rules.evaluate(Inputs.readDetections()).reasons().stream().map(Reason::rule).toList());
    }

    @Test
    void findsRulesIndexedByOperationOrConnectorTypeAndUnindexedOnesInPriorityOrder() throws PolicyCompileException {
        RuleSet rules = new RuleSet(List.of(
                engine.compile(new Rule("1", "by-name", null, "operation.name in ['hosts:contain', 'x:y'] && true",
                        Effect.ALLOW, 1, 5)),
                engine.compile(new Rule("2", "other-name", null, "operation.name == 'detections:read'", Effect.ALLOW, 2, 9)),
                engine.compile(new Rule("3", "by-type", null, "'crowdstrike' == connector.type", Effect.ALLOW, 4, 7)),
                engine.compile(new Rule("4", "other-type", null, "connector.type == 'jira'", Effect.ALLOW, 8, 8)),
                engine.compile(new Rule("5", "anything", null, "params.device_id == 'abc'", Effect.ALLOW, 16, 6))),
                new Thresholds(100, 100));

        Evaluation evaluation = rules.evaluate(Inputs.contain(0));

        assertEquals(List.of("by-type", "anything", "by-name"), evaluation.reasons().stream().map(Reason::rule).toList());
        assertEquals(21, evaluation.riskScore());
    }
}
