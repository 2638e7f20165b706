package io.connectors.types.pagerduty;

import io.connectors.types.ConnectorType;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.Definitions;
import jakarta.inject.Singleton;

import java.util.List;

/** Registers the {@code pagerduty} type; its definition is {@code pagerduty.json} beside this class. */
@Singleton
public class PagerDutyType implements ConnectorType {

    private static final List<ConnectorTypeDefinition> VERSIONS = List.of(
            Definitions.load(PagerDutyType.class, "pagerduty.json"));

    @Override
    public List<ConnectorTypeDefinition> versions() {
        return VERSIONS;
    }
}
