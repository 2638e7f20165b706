package io.connectors.policy.engine;

/** A condition on the typed part of an input, decided in plain Java (see {@link Guards}). */
@FunctionalInterface
interface Guard {

    boolean test(DecisionInput input);
}
