package io.connectors.policy.engine;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.List;
import java.util.Set;

/**
 * A rule ready to evaluate: its Java guards, and the CEL program when some conjunct needs the CEL runtime (null
 * when the guards decide the whole expression). {@code checkedExpr} is the type-checked AST, stored with the policy
 * so that a cold cache loads it without parsing or checking again.
 */
public final class CompiledRule {

    private final Rule rule;
    private final Guard[] guards;
    private final CelRuntime.Program program;
    private final byte[] checkedExpr;
    private final Set<String> operationNames;
    private final Set<String> connectorTypes;

    CompiledRule(Rule rule, List<Guard> guards, CelRuntime.Program program, byte[] checkedExpr,
                 Set<String> operationNames, Set<String> connectorTypes) {
        this.rule = rule;
        this.guards = guards.toArray(Guard[]::new);
        this.program = program;
        this.checkedExpr = checkedExpr;
        this.operationNames = operationNames;
        this.connectorTypes = connectorTypes;
    }

    /** The operation names this rule can match at all, or null for any (the rule-set index uses it). */
    Set<String> operationNames() {
        return operationNames;
    }

    /** The connector types this rule can match at all, or null for any. */
    Set<String> connectorTypes() {
        return connectorTypes;
    }

    public Rule rule() {
        return rule;
    }

    public byte[] checkedExpr() {
        return checkedExpr.clone();
    }

    /** True when the guards alone decide this rule, so it never runs the CEL interpreter. */
    public boolean decidedByGuards() {
        return program == null;
    }

    /** Whether the rule matches; a CEL evaluation error or a non-bool result is thrown as {@link CelEvaluationException}. */
    boolean matches(DecisionInput input) throws CelEvaluationException {
        for (Guard guard : guards) {
            if (!guard.test(input)) {
                return false;
            }
        }
        if (program == null) {
            return true;
        }
        Object result = program.eval(input.variables());
        if (result instanceof Boolean matched) {
            return matched;
        }
        throw new CelEvaluationException("expression yielded " + result.getClass().getSimpleName() + ", not bool");
    }
}
