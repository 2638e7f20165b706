package io.connectors.types.crowdstrike;

import io.connectors.types.ConnectorType;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.Definitions;
import jakarta.inject.Singleton;

import java.util.List;

/** Registers the {@code crowdstrike} type; its definition is {@code crowdstrike.json} beside this class. */
@Singleton
public class CrowdStrikeType implements ConnectorType {

    private static final List<ConnectorTypeDefinition> VERSIONS = List.of(
            Definitions.load(CrowdStrikeType.class, "crowdstrike.json"));

    @Override
    public List<ConnectorTypeDefinition> versions() {
        return VERSIONS;
    }
}
