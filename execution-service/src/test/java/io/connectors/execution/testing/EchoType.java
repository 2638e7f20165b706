package io.connectors.execution.testing;

import io.connectors.types.ConnectorType;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.Definitions;
import jakarta.inject.Singleton;

import java.util.List;

/** A test-only connector type, registered like the real ones, whose "external system" is {@link EchoSystem}. */
@Singleton
public class EchoType implements ConnectorType {

    public static final String ID = "echo";
    public static final String READ = "echo:read";
    public static final String WRITE = "echo:write";
    public static final String PURGE = "echo:purge";

    @Override
    public List<ConnectorTypeDefinition> versions() {
        return List.of(Definitions.load(EchoType.class, "echo.json"));
    }
}
