package io.connectors.policy.engine;

import java.util.List;

/** The result of evaluating one input against an org's rules. */
public record Evaluation(Outcome outcome, int riskScore, List<Reason> reasons) {

    /** The reasons that came from the org's rules (not from the built-in checks). */
    public List<Reason> matchedRules() {
        return reasons.stream().filter(reason -> reason.policyId() != null).toList();
    }
}
