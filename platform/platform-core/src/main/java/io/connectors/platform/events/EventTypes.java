package io.connectors.platform.events;

/** The versioned event types of the suite, one per payload record in {@code events.v1}. */
public final class EventTypes {

    public static final EventType AUDIT_RECORD = EventType.v1("audit.record");
    public static final EventType CONFIG_CHANGED = EventType.v1("config.changed");
    public static final EventType APPROVAL = EventType.v1("approval");
    public static final EventType EXECUTION_REQUEST = EventType.v1("execution.request");
    public static final EventType EXECUTION_RESULT = EventType.v1("execution.result");

    private EventTypes() {
    }
}
