package io.connectors.types.slack;

import io.connectors.types.ConnectorType;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.Definitions;
import jakarta.inject.Singleton;

import java.util.List;

/** Registers the {@code slack} type; its definition is {@code slack.json} beside this class. */
@Singleton
public class SlackType implements ConnectorType {

    private static final List<ConnectorTypeDefinition> VERSIONS = List.of(
            Definitions.load(SlackType.class, "slack.json"));

    @Override
    public List<ConnectorTypeDefinition> versions() {
        return VERSIONS;
    }
}
