package io.connectors.policy.engine;

import dev.cel.runtime.CelEvaluationException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An org's compiled rules and thresholds, immutable and safe to share between threads. Scope binding comes first: an
 * operation outside the connector's permitted operations is denied whatever the rules say. Then every rule is
 * evaluated (higher priority first, which orders the reasons); score = clamp(base_risk + sum of matched risk
 * weights, 0, 100); a matched deny rule or a score at the deny threshold denies, a matched escalate rule or a score at
 * the escalate threshold escalates, anything else is allowed.
 *
 * <p>Rules are indexed by the operation names or connector types they require (like OPA's rule indexing), so a
 * decision only looks at the rules that can match its operation and connector, plus the unindexed ones.
 *
 * <p>A rule whose evaluation fails counts as matched when its effect is deny or escalate (fail closed) and as not
 * matched when it is allow; the reason says so.
 */
public final class RuleSet {

    private static final Comparator<CompiledRule> ORDER = Comparator
            .comparingInt((CompiledRule compiled) -> compiled.rule().priority()).reversed()
            .thenComparing(compiled -> compiled.rule().name());

    private static final int[] NONE = new int[0];

    private final CompiledRule[] rules;
    private final Thresholds thresholds;
    private final Map<String, int[]> byOperation = new HashMap<>();
    private final Map<String, int[]> byConnectorType = new HashMap<>();
    private final int[] unindexed;

    public RuleSet(List<CompiledRule> rules, Thresholds thresholds) {
        this.rules = rules.stream().sorted(ORDER).toArray(CompiledRule[]::new);
        this.thresholds = thresholds;
        Map<String, List<Integer>> operations = new HashMap<>();
        Map<String, List<Integer>> types = new HashMap<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < this.rules.length; i++) {
            CompiledRule rule = this.rules[i];
            if (rule.operationNames() != null) {
                for (String name : rule.operationNames()) {
                    operations.computeIfAbsent(name, key -> new ArrayList<>()).add(i);
                }
            } else if (rule.connectorTypes() != null) {
                for (String type : rule.connectorTypes()) {
                    types.computeIfAbsent(type, key -> new ArrayList<>()).add(i);
                }
            } else {
                rest.add(i);
            }
        }
        operations.forEach((name, indexes) -> byOperation.put(name, toArray(indexes)));
        types.forEach((type, indexes) -> byConnectorType.put(type, toArray(indexes)));
        this.unindexed = toArray(rest);
    }

    private static int[] toArray(List<Integer> indexes) {
        return indexes.stream().mapToInt(Integer::intValue).toArray();
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    public List<Rule> rules() {
        List<Rule> out = new ArrayList<>(rules.length);
        for (CompiledRule compiled : rules) {
            out.add(compiled.rule());
        }
        return out;
    }

    public Evaluation evaluate(DecisionInput input) {
        DecisionInput.Operation operation = input.operation();
        if (!input.connector().permittedOperations().contains(operation.name())) {
            return new Evaluation(Outcome.DENY, clamp(operation.baseRisk()), List.of(new Reason(null, Reason.SCOPE,
                    Effect.DENY, "operation " + operation.name() + " is not in the connector's permitted_operations")));
        }
        List<Reason> reasons = new ArrayList<>(4);
        long score = operation.baseRisk();
        boolean deny = false;
        boolean escalate = false;
        int[] forOperation = byOperation.getOrDefault(operation.name(), NONE);
        int[] forType = byConnectorType.getOrDefault(input.connector().type(), NONE);
        int a = 0;
        int b = 0;
        int c = 0;
        // merge the three ascending candidate lists, so rules keep their priority order
        while (a < forOperation.length || b < forType.length || c < unindexed.length) {
            int next = Math.min(a < forOperation.length ? forOperation[a] : Integer.MAX_VALUE,
                    Math.min(b < forType.length ? forType[b] : Integer.MAX_VALUE,
                            c < unindexed.length ? unindexed[c] : Integer.MAX_VALUE));
            if (a < forOperation.length && forOperation[a] == next) {
                a++;
            } else if (b < forType.length && forType[b] == next) {
                b++;
            } else {
                c++;
            }
            CompiledRule compiled = rules[next];
            Rule rule = compiled.rule();
            String message;
            try {
                if (!compiled.matches(input)) {
                    continue;
                }
                message = rule.description() == null || rule.description().isBlank() ? "matched" : rule.description();
            } catch (CelEvaluationException | RuntimeException e) {
                if (rule.effect() == Effect.ALLOW) {
                    continue;
                }
                message = "could not be evaluated, counted as matched: " + e.getMessage();
            }
            reasons.add(new Reason(rule.policyId(), rule.name(), rule.effect(), message));
            score += rule.riskWeight();
            deny |= rule.effect() == Effect.DENY;
            escalate |= rule.effect() == Effect.ESCALATE;
        }
        int risk = clamp(score);
        Outcome outcome;
        if (deny) {
            outcome = Outcome.DENY;
        } else if (risk >= thresholds.deny()) {
            outcome = Outcome.DENY;
            reasons.add(threshold(Effect.DENY, risk, "deny", thresholds.deny()));
        } else if (escalate) {
            outcome = Outcome.ESCALATE;
        } else if (risk >= thresholds.escalate()) {
            outcome = Outcome.ESCALATE;
            reasons.add(threshold(Effect.ESCALATE, risk, "escalate", thresholds.escalate()));
        } else {
            outcome = Outcome.ALLOW;
        }
        return new Evaluation(outcome, risk, List.copyOf(reasons));
    }

    private static Reason threshold(Effect effect, int risk, String name, int threshold) {
        return new Reason(null, Reason.RISK_THRESHOLD, effect,
                "risk score " + risk + " is at or above the " + name + " threshold " + threshold);
    }

    private static int clamp(long score) {
        return (int) Math.max(0, Math.min(100, score));
    }
}
