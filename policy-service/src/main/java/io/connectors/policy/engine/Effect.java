package io.connectors.policy.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a matched rule asks for. */
public enum Effect {
    DENY, ESCALATE, ALLOW;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The effect named {@code value} (deny, escalate, allow), or null when there is none of that name. */
    @JsonCreator
    public static Effect fromWire(String value) {
        for (Effect effect : values()) {
            if (effect.wire().equals(value)) {
                return effect;
            }
        }
        return null;
    }
}
