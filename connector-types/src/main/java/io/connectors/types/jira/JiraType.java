package io.connectors.types.jira;

import io.connectors.types.ConnectorType;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.Definitions;
import jakarta.inject.Singleton;

import java.util.List;

/** Registers the {@code jira} type; its major versions are {@code jira-v1.json} and {@code jira-v2.json} beside this class. */
@Singleton
public class JiraType implements ConnectorType {

    private static final List<ConnectorTypeDefinition> VERSIONS = List.of(
            Definitions.load(JiraType.class, "jira-v1.json"),
            Definitions.load(JiraType.class, "jira-v2.json"));

    @Override
    public List<ConnectorTypeDefinition> versions() {
        return VERSIONS;
    }
}
