package io.connectors.policy.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.signing.Ed25519Keys;
import io.connectors.platform.signing.EventSigner;
import io.connectors.platform.signing.SigningKeyException;
import io.connectors.platform.signing.SigningKeyFiles;
import io.connectors.policy.PolicyConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * Signs approval events with policy-service's Ed25519 key (see {@code io.connectors.platform.signing}). The broker
 * cannot tell who wrote a record; execution-service acts only on approvals this key signed. The key is loaded at
 * start-up ({@link Startup}), so a missing or unusable key stops the service with the reason instead of the first
 * approval failing. The key is never logged; its public half only when it was just made.
 */
@Startup
@ApplicationScoped
public class ApprovalSigner {

    static final String KEY_FILE = "connectors.policy.approvals.signing.key-file";
    static final String KEY_ID = "connectors.policy.approvals.signing.key-id";
    private static final Logger LOG = Logger.getLogger(ApprovalSigner.class);

    private final EventSigner signer;
    private final ObjectMapper json;

    @Inject
    public ApprovalSigner(PolicyConfig config, ObjectMapper json) {
        this(load(config.approvals().signing()), json);
    }

    ApprovalSigner(EventSigner signer, ObjectMapper json) {
        this.signer = signer;
        this.json = json;
    }

    static EventSigner load(PolicyConfig.Signing signing) {
        Path file = signing.keyFile().orElseThrow(() -> new SigningKeyException("Approval events must be signed: set "
                + KEY_FILE + " (env CONNECTORS_POLICY_APPROVALS_SIGNING_KEY_FILE) to an Ed25519 private key, PKCS#8 PEM"));
        String keyId = signing.keyId().orElseThrow(() -> new SigningKeyException("Set " + KEY_ID
                + " (env CONNECTORS_POLICY_APPROVALS_SIGNING_KEY_ID): the id execution-service trusts the key's public half under"));
        SigningKeyFiles.LoadedKey key = SigningKeyFiles.loadOrGenerate(file, signing.generate(), KEY_FILE);
        EventSigner signer = new EventSigner(keyId, key.privateKey());
        if (key.generated()) {
            LOG.infof("Made the approval signing key %s (owner-only); execution-service must trust its public key: "
                    + "connectors.execution.approvals.trusted-key.%s=%s", file, keyId, Ed25519Keys.publicKeyBase64(key.publicKey()));
        } else if (SigningKeyFiles.readableByOthers(file)) {
            LOG.warnf("The approval signing key %s is readable by other users: make it readable by its owner only", file);
        }
        LOG.infof("Approval events are signed with key %s", keyId);
        return signer;
    }

    /**
     * The event with its signature. What is signed is the envelope serialized exactly as the outbox will write it, and
     * read back as execution-service will read it, so both sides compute the same canonical bytes.
     */
    EventEnvelope<ApprovalEvent> sign(EventEnvelope<ApprovalEvent> event) {
        EventEnvelope<ApprovalEvent> withHeader = withData(event, event.data().withSignature(signer.header()));
        JsonNode published;
        try {
            published = json.readTree(json.writeValueAsString(withHeader));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Approval event " + event.id() + " is not serializable", e);
        }
        return withData(event, event.data().withSignature(signer.header().withValue(signer.sign(published))));
    }

    private static EventEnvelope<ApprovalEvent> withData(EventEnvelope<ApprovalEvent> event, ApprovalEvent data) {
        return new EventEnvelope<>(event.specVersion(), event.id(), event.source(), event.type(), event.subject(),
                event.time(), event.dataContentType(), event.dataSchema(), event.orgId(), data);
    }
}
