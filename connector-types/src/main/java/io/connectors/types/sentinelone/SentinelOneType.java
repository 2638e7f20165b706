package io.connectors.types.sentinelone;

import io.connectors.types.ConnectorType;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.Definitions;
import jakarta.inject.Singleton;

import java.util.List;

/** Registers the {@code sentinelone} type; its definition is {@code sentinelone.json} beside this class. */
@Singleton
public class SentinelOneType implements ConnectorType {

    private static final List<ConnectorTypeDefinition> VERSIONS = List.of(
            Definitions.load(SentinelOneType.class, "sentinelone.json"));

    @Override
    public List<ConnectorTypeDefinition> versions() {
        return VERSIONS;
    }
}
