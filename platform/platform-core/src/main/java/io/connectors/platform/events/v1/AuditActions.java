package io.connectors.platform.events.v1;

/** The audit actions of the suite. New actions are added here so producers and analysts share one list. */
public final class AuditActions {

    public static final String CONNECTOR_CREATED = "connector.created";
    public static final String CONNECTOR_UPDATED = "connector.updated";
    public static final String CONNECTOR_DELETED = "connector.deleted";
    public static final String CONNECTOR_EXECUTED = "connector.executed";
    public static final String CONNECTOR_TESTED = "connector.tested";
    public static final String EXECUTION_DENIED = "execution.denied";
    public static final String EXECUTION_FAILED = "execution.failed";
    public static final String EXECUTION_CANCELLED = "execution.cancelled";
    /** The call may have happened but its outcome was never recorded (the process died mid-call). */
    public static final String EXECUTION_INTERRUPTED = "execution.interrupted";
    public static final String POLICY_DECIDED = "policy.decided";
    public static final String POLICY_CHANGED = "policy.changed";
    public static final String APPROVAL_REQUESTED = "approval.requested";
    public static final String APPROVAL_GRANTED = "approval.granted";
    public static final String APPROVAL_REJECTED = "approval.rejected";
    public static final String APPROVAL_EXPIRED = "approval.expired";
    public static final String APPROVAL_CANCELLED = "approval.cancelled";
    /** An approval event a consumer would not act on (unsigned, wrongly signed, or not for the parked request). */
    public static final String APPROVAL_REFUSED = "approval.refused";

    private AuditActions() {
    }
}
