package io.connectors.types.opsgenie;

import io.connectors.types.ConnectorType;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.Definitions;
import jakarta.inject.Singleton;

import java.util.List;

/** Registers the {@code opsgenie} type; its definition is {@code opsgenie.json} beside this class. */
@Singleton
public class OpsgenieType implements ConnectorType {

    private static final List<ConnectorTypeDefinition> VERSIONS = List.of(
            Definitions.load(OpsgenieType.class, "opsgenie.json"));

    @Override
    public List<ConnectorTypeDefinition> versions() {
        return VERSIONS;
    }
}
