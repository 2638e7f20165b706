package io.connectors.platform.events;

/**
 * A versioned event type: the CloudEvents {@code type} and the URI of the JSON Schema its {@code data} follows.
 * A breaking change to a payload is a new type with the next version, published beside the old one.
 */
public record EventType(String type, String schemaUri) {

    public static EventType v1(String name) {
        return new EventType("io.connectors." + name + ".v1", "/schemas/" + name + ".v1.json");
    }
}
