package io.connectors.execution.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.execution.ExecutionConfig;
import io.connectors.platform.signing.EventVerifier;
import io.connectors.platform.signing.SigningKeyException;
import io.connectors.platform.signing.SigningKeyFiles;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks that an approval event was signed by policy-service: its signature must verify under a public key this
 * service was configured to trust ({@link ExecutionConfig.Approvals}). Kafka's access control decides who may write
 * the topic; this decides whether an event written there may release an execution. Loaded at start-up, so a missing
 * or unusable key stops the service with the reason.
 */
@Startup
@ApplicationScoped
public class ApprovalVerifier {

    private static final Logger LOG = Logger.getLogger(ApprovalVerifier.class);

    private final EventVerifier verifier;

    public ApprovalVerifier(ExecutionConfig config) {
        this.verifier = load(config.approvals());
        LOG.infof("Approval events are verified against the trusted keys %s", verifier.keyIds());
    }

    static EventVerifier load(ExecutionConfig.Approvals config) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        config.trustedKeysFile().ifPresent(file -> keys.putAll(SigningKeyFiles.trustedKeys(file)));
        SigningKeyFiles.trustedKeys(config.trustedKey(), "connectors.execution.approvals.trusted-key").forEach((id, key) -> {
            if (keys.put(id, key) != null) {
                throw new SigningKeyException("The trusted approval key " + id + " is configured twice");
            }
        });
        if (keys.isEmpty()) {
            throw new SigningKeyException("No trusted approval signing key: set connectors.execution.approvals.trusted-keys-file"
                    + " (env CONNECTORS_EXECUTION_APPROVALS_TRUSTED_KEYS_FILE) or connectors.execution.approvals.trusted-key.<key-id>"
                    + " to policy-service's public key; without one no approval could ever release an execution");
        }
        return new EventVerifier(keys);
    }

    /** Verifies the event exactly as received (its JSON tree, parsed without duplicate members). */
    public EventVerifier.Verification verify(JsonNode event) {
        return verifier.verify(event);
    }
}
