package io.connectors.config.events;

import io.connectors.config.ConfigServiceProfile;

import java.util.HashMap;
import java.util.Map;

/** config-service whose outbox relay polls once an hour: whatever is relayed sooner was woken by the commit. */
public class OutboxWithoutPollProfile extends ConfigServiceProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("connectors.outbox.interval", "1h");
        return overrides;
    }
}
