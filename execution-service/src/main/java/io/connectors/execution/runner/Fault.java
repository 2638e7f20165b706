package io.connectors.execution.runner;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.connectors.types.runtime.ConnectorException;

/** Whose fault a failed execution is, as the API reports it. */
public enum Fault {
    /** The request was wrong (bad parameters, unknown object, a 4xx the caller can fix, a local rate limit). */
    @JsonProperty("caller") CALLER,
    /** The external system (or the policy engine) failed or could not be reached. */
    @JsonProperty("external") EXTERNAL,
    /** The connector's configuration is wrong: rejected or undecryptable credentials, a disabled connector. */
    @JsonProperty("configuration") CONFIGURATION,
    /** A control refused it: the outbound guard (allow-list, private address) or the policy engine. */
    @JsonProperty("blocked") BLOCKED;

    static Fault of(ConnectorException.Fault fault) {
        return switch (fault) {
            case CALLER -> CALLER;
            case EXTERNAL -> EXTERNAL;
            case CONFIGURATION -> CONFIGURATION;
            case BLOCKED -> BLOCKED;
        };
    }

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
