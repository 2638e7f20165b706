package io.connectors.registry.types;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

public record ConnectorTypeList(@JsonProperty("connector_types") List<ConnectorTypeSummary> connectorTypes, int total) {
}
