package io.connectors.config.openwork;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.config.ConfigServiceConfig;
import io.connectors.platform.signing.EventVerifier;
import io.connectors.platform.signing.SigningKeyFiles;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Checks that an approval event was signed by policy-service, under a key of {@link ConfigServiceConfig.Approvals}.
 * Loaded at start-up, so a missing or unusable key stops the service with the reason.
 */
@Startup
@ApplicationScoped
public class ApprovalVerifier {

    private static final Logger LOG = Logger.getLogger(ApprovalVerifier.class);

    private final EventVerifier verifier;

    public ApprovalVerifier(ConfigServiceConfig config) {
        this.verifier = SigningKeyFiles.verifier(config.approvals(), "connectors.config.approvals", "approval");
        LOG.infof("Approval events are verified against the trusted keys %s", verifier.keyIds());
    }

    /** Verifies the event exactly as received (its JSON tree, parsed without duplicate members). */
    public EventVerifier.Verification verify(JsonNode event) {
        return verifier.verify(event);
    }
}
