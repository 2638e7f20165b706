package io.connectors.execution.runner;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Why an execution did not succeed: a message safe to show, whose fault it is, and whether (and when) the same
 * request may succeed if retried. {@code upstream_status} is the external system's HTTP status when it answered;
 * {@code reasons} are the policy engine's, for a denial.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionError(
        String message,
        Fault fault,
        boolean retryable,
        @JsonProperty("retry_after_seconds") Long retryAfterSeconds,
        @JsonProperty("upstream_status") Integer upstreamStatus,
        List<String> reasons) {

    public static ExecutionError of(Fault fault, String message, boolean retryable) {
        return new ExecutionError(message, fault, retryable, null, null, null);
    }
}
