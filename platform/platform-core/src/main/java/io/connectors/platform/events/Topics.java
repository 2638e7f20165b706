package io.connectors.platform.events;

/**
 * Every Kafka topic of the suite. A reactive-messaging channel carries the same name as its topic, so these constants
 * serve both as {@code @Channel}/{@code @Incoming} names and as topic names.
 */
public final class Topics {

    /** Compacted: connector configuration upserts and tombstones, keyed by config id. */
    public static final String CONFIG = "connectors.config.v1";
    /** Async executions and executions released by an approval, keyed by config id. */
    public static final String EXECUTION_REQUESTS = "connectors.execution-requests.v1";
    /** Outcome of each execution, keyed by execution id. */
    public static final String EXECUTION_RESULTS = "connectors.execution-results.v1";
    /** Approval requested / granted / rejected / expired, keyed by approval id. */
    public static final String APPROVALS = "connectors.approvals.v1";
    /** Every audit record of every service, keyed by org id. */
    public static final String AUDIT = "connectors.audit.v1";

    /** Where a consumer parks a record it cannot process, with the reason in headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    private Topics() {
    }
}
