package io.connectors.execution.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.execution.runner.ExecutionError;

import java.time.Instant;

/** {@code POST /v1/connectors/{id}/test}: what the connectivity check found, and the connector's status after it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectivityTest(
        String id,
        String status,
        JsonNode result,
        ExecutionError error,
        @JsonProperty("checked_at") Instant checkedAt,
        @JsonProperty("connector_status") String connectorStatus) {
}
