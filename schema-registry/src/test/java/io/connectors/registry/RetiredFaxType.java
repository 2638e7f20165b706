package io.connectors.registry;

import io.connectors.types.ConnectorType;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.Definitions;
import jakarta.inject.Singleton;

import java.util.List;

/** A test-only type registered like the real ones, disabled by {@link SchemaRegistryProfile}. */
@Singleton
public class RetiredFaxType implements ConnectorType {

    public static final String ID = "fax";

    @Override
    public List<ConnectorTypeDefinition> versions() {
        return List.of(Definitions.load(RetiredFaxType.class, "fax.json"));
    }
}
