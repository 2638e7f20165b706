package io.connectors.types;

import java.util.List;

/**
 * One connector type, registered with the {@link ConnectorCatalog} as a CDI bean (collected with {@code @All}), never
 * dispatched by a string switch. Each implementation lives in its own sub-package beside the type's definition
 * resources; the type's client and operation handlers belong in the same package.
 */
public interface ConnectorType {

    /**
     * Every major version this type still serves, each a complete definition. A change that would invalidate stored
     * configurations (a new required field, a removed operation) is a new major version; the old one stays here so
     * configurations stored against it keep validating and running.
     */
    List<ConnectorTypeDefinition> versions();
}
