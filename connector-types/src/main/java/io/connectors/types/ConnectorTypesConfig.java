package io.connectors.types;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;
import java.util.Set;

/** Shared by every service, like Kibana's {@code xpack.actions.enabledActionTypes} (inverted: list what is off). */
@ConfigMapping(prefix = "connectors.types")
public interface ConnectorTypesConfig {

    /** Type ids that refuse new configurations. Their definitions stay readable. */
    Optional<Set<String>> disabled();
}
