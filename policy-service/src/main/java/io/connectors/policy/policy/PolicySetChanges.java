package io.connectors.policy.policy;

import io.connectors.platform.notify.PgNotifications;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Keeps every replica's {@link CompiledPolicies} current. Every policy or settings change runs
 * {@code pg_notify('policy_set_changed', <org id>)} in its own transaction, so PostgreSQL delivers the notification
 * exactly when the change commits; each replica listens ({@link PgNotifications}) and drops that org's rules. After a
 * lost listener connection every org's rules are dropped: notifications sent while nobody listened are gone. Until
 * then decisions go on with the rules in memory, which no change could have altered unless it committed while this
 * replica was cut off.
 */
@ApplicationScoped
public class PolicySetChanges {

    /** The channel changes notify; the payload is the org id. */
    public static final String CHANNEL = "policy_set_changed";
    private static final Logger LOG = Logger.getLogger(PolicySetChanges.class);

    private final CompiledPolicies compiledPolicies;

    public PolicySetChanges(CompiledPolicies compiledPolicies, PgNotifications notifications) {
        this.compiledPolicies = compiledPolicies;
        notifications.listen(CHANNEL, this::changed, () -> {
            compiledPolicies.invalidateAll();
            LOG.infof("Listening for policy changes on %s; cached rule sets dropped", CHANNEL);
        });
    }

    /** Instantiated at start-up, so the listener is in place before the first decision. */
    void start(@Observes StartupEvent event) {
    }

    private void changed(String orgId) {
        if (orgId == null || orgId.isBlank()) {
            compiledPolicies.invalidateAll();
        } else {
            compiledPolicies.invalidate(orgId);
        }
    }
}
