package io.connectors.policy.engine;

/**
 * One policy as the engine sees it: a CEL expression that must yield a bool, and what a match means. {@code policyId}
 * is null for a rule that is not stored (a dry-run draft).
 */
public record Rule(String policyId, String name, String description, String expression, Effect effect, int riskWeight,
                   int priority) {
}
