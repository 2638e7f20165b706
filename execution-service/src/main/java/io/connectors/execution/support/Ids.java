package io.connectors.execution.support;

import java.util.UUID;

/** Execution ids are this service's UUIDs; any other string (in a path or an event) names nothing here. */
public final class Ids {

    private Ids() {
    }

    public static UUID uuidOrNull(String value) {
        if (value == null || value.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
