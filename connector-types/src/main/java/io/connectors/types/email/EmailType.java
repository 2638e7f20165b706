package io.connectors.types.email;

import io.connectors.types.ConnectorType;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.Definitions;
import jakarta.inject.Singleton;

import java.util.List;

/** Registers the {@code email} type; its definition is {@code email.json} beside this class. */
@Singleton
public class EmailType implements ConnectorType {

    private static final List<ConnectorTypeDefinition> VERSIONS = List.of(
            Definitions.load(EmailType.class, "email.json"));

    @Override
    public List<ConnectorTypeDefinition> versions() {
        return VERSIONS;
    }
}
