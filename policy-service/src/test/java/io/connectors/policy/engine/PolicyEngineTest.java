package io.connectors.policy.engine;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyEngineTest {

    private final PolicyEngine engine = new PolicyEngine();

    private static Rule rule(String expression) {
        return new Rule("p", "r", null, expression, Effect.DENY, 0, 0);
    }

    @Test
    void reportsASyntaxErrorWithItsPosition() {
        PolicyCompileException error = assertThrows(PolicyCompileException.class,
                () -> engine.compile(rule("operation.class == ")));
        assertEquals(1, error.line());
        assertEquals(20, error.column());
    }

    @Test
    void reportsATypeErrorWithItsPosition() {
        PolicyCompileException error = assertThrows(PolicyCompileException.class,
                () -> engine.compile(rule("operation.class == 'read' &&\n  org_id > 5")));
        assertEquals(2, error.line());
        assertEquals(10, error.column());
        assertTrue(error.getMessage().contains("no matching overload"), error.getMessage());
    }

    @Test
    void refusesUndeclaredVariablesAndNonBoolResults() {
        assertThrows(PolicyCompileException.class, () -> engine.compile(rule("credentials.secret == 'x'")));
        assertThrows(PolicyCompileException.class, () -> engine.compile(rule("org_id")));
    }

    @Test
    void refusesOversizedAndDeeplyNestedExpressions() {
        assertThrows(PolicyCompileException.class,
                () -> engine.compile(rule("true || ".repeat(600) + "true")));
        assertThrows(PolicyCompileException.class,
                () -> engine.compile(rule("(".repeat(200) + "true" + ")".repeat(200))));
    }

    @Test
    void stopsRunawayComprehensions() throws PolicyCompileException {
        CompiledRule runaway = engine.compile(rule("[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b,"
                + " [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, true))))"));
        assertThrows(Exception.class, () -> runaway.matches(Inputs.readDetections()));
    }

    @Test
    void loadsAStoredCheckedExpressionWithTheSameBehaviour() throws Exception {
        CompiledRule compiled = engine.compile(rule("operation.base_risk > 50 && params.device_id == 'abc'"));

        CompiledRule loaded = engine.load(compiled.rule(), compiled.checkedExpr());

        assertTrue(loaded.matches(Inputs.contain(70)));
        assertFalse(loaded.matches(Inputs.contain(40)));
    }

    @Test
    void decidesFixedAttributeComparisonsWithoutTheCelRuntime() throws PolicyCompileException {
        assertTrue(engine.compile(rule("operation.name == 'hosts:contain' && 'admin' in actor.roles")).decidedByGuards());
        assertTrue(engine.compile(rule("connector.type in ['jira', 'slack'] || operation.base_risk >= 80")).decidedByGuards());
        assertTrue(engine.compile(rule("operation.name == 'hosts:contain' && now.getHours() > 1")).decidedByGuards());
        assertFalse(engine.compile(rule("now > timestamp('2026-01-01T00:00:00Z')")).decidedByGuards());
        assertFalse(engine.compile(rule("now.getHours('Europe/Paris') > 1")).decidedByGuards(), "only UTC fields");
        assertTrue(engine.compile(rule("has(params.device_id) && size(actor.roles) > 1")).decidedByGuards());
        assertFalse(engine.compile(rule("actor.username == 'x'")).decidedByGuards(), "username is optional");
        assertFalse(engine.compile(rule("params.device_id == 'x'")).decidedByGuards(), "params values are dynamic");
    }

    /** The Java guards must agree with the CEL runtime on every input; {@code [e][0]} forces CEL for e. */
    @Test
    void guardsGiveExactlyTheResultOfTheCelRuntime() throws Exception {
        List<String> expressions = List.of(
                "operation.name == 'hosts:contain'", "'hosts:contain' != operation.name",
                "operation['class'] == 'destructive'", "operation.base_risk > 50", "50 < operation.base_risk",
                "operation.base_risk <= 70.5", "operation.base_risk >= 70", "operation.base_risk == 70.0",
                "operation.base_risk == 70", "70 > operation.base_risk", "connector.type in ['crowdstrike', 'jira']",
                "'hosts:contain' in connector.permitted_operations", "'admin' in actor.roles",
                "actor.subject == 'sub-1'", "org_id != '" + Inputs.ORG + "'",
                "!(operation.class == 'read') || 'deployer' in actor.roles",
                "operation.class == 'read' && operation.base_risk < 20", "true", "false",
                "has(params.device_id)", "has(params.nope)", "'limit' in params", "has(actor.username)",
                "has(connector.agent_id)", "has(operation.name)", "has(operation.other)", "size(params) == 1",
                "params.size() > 0", "actor.roles.size() >= 2", "size(connector.permitted_operations) < 2",
                "operation.name.startsWith('hosts:')", "operation.name.endsWith(':read')",
                "connector.type.contains('strike')", "actor.subject.startsWith('')", "now.getFullYear() == 2026",
                "now.getMonth() == 2", "now.getDayOfYear() >= 76", "now.getDayOfMonth() == 17", "now.getDate() == 18",
                "now.getDayOfWeek() == 3", "now.getDayOfWeek() == 0", "now.getHours() >= 12", "now.getMinutes() > 30",
                "now.getSeconds() < 58", "now.getMilliseconds() == 123");
        List<DecisionInput> inputs = new ArrayList<>();
        for (long risk : List.of(0L, 50L, 70L, 71L, 100L)) {
            inputs.add(Inputs.contain(risk));
        }
        inputs.add(Inputs.readDetections());
        inputs.add(Inputs.input("tickets:create", "write", 30, List.of("tickets:create"), List.of("admin"), Map.of()));
        DecisionInput leapSunday = Inputs.contain(70);
        inputs.add(new DecisionInput(leapSunday.orgId(), leapSunday.actor(), leapSunday.connector(),
                leapSunday.operation(), leapSunday.params(), Instant.parse("2032-02-29T23:59:58.123Z")));
        for (String expression : expressions) {
            CompiledRule guarded = engine.compile(rule(expression));
            CompiledRule celOnly = engine.compile(rule("[" + expression + "][0]"));
            assertTrue(guarded.decidedByGuards(), expression);
            assertFalse(celOnly.decidedByGuards(), expression);
            for (DecisionInput input : inputs) {
                assertEquals(celOnly.matches(input), guarded.matches(input), expression + " on " + input.operation());
            }
        }
    }
}
