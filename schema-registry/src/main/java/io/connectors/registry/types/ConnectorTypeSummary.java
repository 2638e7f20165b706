package io.connectors.registry.types;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** One entry of {@code GET /v1/connector-types}. */
public record ConnectorTypeSummary(
        String type,
        String name,
        String description,
        String version,
        @JsonProperty("major_version") int majorVersion,
        List<String> versions,
        boolean deprecated,
        boolean enabled) {
}
