package io.connectors.platform.events.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * The {@code data} of an event on {@code connectors.execution-requests.v1} (key: config id): an async execution, or
 * one released by a granted approval ({@code approval_id} set). The consumer re-checks config and scope before it runs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionRequest(
        @JsonProperty("execution_id") String executionId,
        @JsonProperty("org_id") String orgId,
        @JsonProperty("connector_id") String connectorId,
        String operation,
        JsonNode params,
        @JsonProperty("requested_by") String requestedBy,
        @JsonProperty("approval_id") String approvalId,
        @JsonProperty("decision_id") String decisionId,
        @JsonProperty("requested_at") Instant requestedAt) {
}
