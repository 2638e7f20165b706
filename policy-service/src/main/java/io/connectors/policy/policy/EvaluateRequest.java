package io.connectors.policy.policy;

import io.connectors.policy.decision.DecisionSubject;

import java.util.List;

/**
 * {@code POST /v1/policies/evaluate}: how the org's policies, plus optional unsaved drafts, would decide
 * {@code input}. Nothing is stored, audited or published.
 */
public record EvaluateRequest(DecisionSubject input, List<PolicyRequest> policies) {
}
