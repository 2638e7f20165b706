package io.connectors.types;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What an operation does to the external system. */
public enum OperationClass {
    READ, WRITE, DESTRUCTIVE;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static OperationClass fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
