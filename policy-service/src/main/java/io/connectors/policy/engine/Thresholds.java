package io.connectors.policy.engine;

/** An org's risk thresholds: a score at or above {@code escalate} escalates, at or above {@code deny} denies. */
public record Thresholds(int escalate, int deny) {

    public static final int DEFAULT_ESCALATE = 50;
    public static final int DEFAULT_DENY = 90;
    public static final Thresholds DEFAULT = new Thresholds(DEFAULT_ESCALATE, DEFAULT_DENY);
}
