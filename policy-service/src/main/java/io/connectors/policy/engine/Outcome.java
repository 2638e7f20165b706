package io.connectors.policy.engine;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The answer of a decision. */
public enum Outcome {
    ALLOW, DENY, ESCALATE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
