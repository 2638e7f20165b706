package io.connectors.audit.checkpoint;

import io.connectors.audit.AuditConfig;
import io.connectors.audit.trail.ChainHead;
import io.connectors.audit.trail.Checkpoint;
import io.connectors.platform.signing.Ed25519Keys;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Signs chain-head checkpoints with the active key of {@link CheckpointKeys} and checks a stored checkpoint against
 * the public key its {@code key_id} names, so checkpoints signed before a restart or by a retired key still verify.
 * Created at start-up: an unusable key file stops the service with its reason. The private key is never logged.
 */
@Startup
@ApplicationScoped
public class CheckpointSigner {

    private static final Logger LOG = Logger.getLogger(CheckpointSigner.class);

    /** What checking a checkpoint's signature found. */
    public enum SignatureCheck {
        VALID,
        /** Signed by a key this service knows, but not over these fields: forged or edited. */
        INVALID,
        /** Names a key id that is neither the active key nor a retired one in the key file. */
        UNKNOWN_KEY
    }

    private final CheckpointKeys keys;

    @Inject
    public CheckpointSigner(AuditConfig config) {
        this(CheckpointKeys.load(config.checkpoint().keyFile(), config.checkpoint().generateIfMissing()));
    }

    public CheckpointSigner(CheckpointKeys keys) {
        this.keys = keys;
        LOG.infof("Audit checkpoints are signed with key id %s, public key %s; checkpoints verify with key ids %s",
                keys.activeKeyId(),
                Base64.getEncoder().encodeToString(keys.publicKey(keys.activeKeyId()).getEncoded()), keys.keyIds());
    }

    public String keyId() {
        return keys.activeKeyId();
    }

    /** Signs the head {@code seq}/{@code hash} of {@code orgId}'s chain as of now. */
    public Checkpoint sign(String orgId, long seq, String hash) {
        Checkpoint unsigned = new Checkpoint(orgId, keyId(), seq, hash, now(), null);
        return new Checkpoint(orgId, keyId(), seq, hash, unsigned.signedAt(),
                signature(unsigned.signedPayload().getBytes(StandardCharsets.UTF_8)), null);
    }

    /**
     * Signs the heads of many orgs as of now with one signature (see {@link CheckpointBatches}): each checkpoint
     * carries its Merkle path. A single head is signed as by {@link #sign}.
     */
    public List<Checkpoint> signAll(Map<String, ChainHead> heads) {
        if (heads.size() == 1) {
            Map.Entry<String, ChainHead> only = heads.entrySet().iterator().next();
            return List.of(sign(only.getKey(), only.getValue().seq(), only.getValue().hash()));
        }
        Instant now = now();
        List<Checkpoint> unsigned = new ArrayList<>(heads.size());
        heads.forEach((org, head) -> unsigned.add(new Checkpoint(org, keyId(), head.seq(), head.hash(), now, null)));
        CheckpointBatches.Tree tree = CheckpointBatches.build(unsigned.stream().map(Checkpoint::signedPayload).toList());
        String signature = signature(CheckpointBatches.rootMessage(tree.root()));
        List<Checkpoint> signed = new ArrayList<>(unsigned.size());
        for (int i = 0; i < unsigned.size(); i++) {
            Checkpoint c = unsigned.get(i);
            signed.add(new Checkpoint(c.orgId(), c.keyId(), c.seq(), c.hash(), now, signature, tree.paths().get(i)));
        }
        return signed;
    }

    private String signature(byte[] message) {
        return Base64.getEncoder().encodeToString(Ed25519Keys.sign(keys.signingKey(), message));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Checks {@code checkpoint}'s signature with the public key its key id names. */
    public SignatureCheck check(Checkpoint checkpoint) {
        PublicKey key = keys.publicKey(checkpoint.keyId());
        if (key == null) {
            return SignatureCheck.UNKNOWN_KEY;
        }
        if (checkpoint.signature() == null) {
            return SignatureCheck.INVALID;
        }
        byte[] message;
        if (checkpoint.proof() == null) {
            message = checkpoint.signedPayload().getBytes(StandardCharsets.UTF_8);
        } else {
            byte[] root = CheckpointBatches.root(checkpoint.signedPayload(), checkpoint.proof());
            if (root == null) {
                return SignatureCheck.INVALID;
            }
            message = CheckpointBatches.rootMessage(root);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(checkpoint.signature());
        } catch (IllegalArgumentException e) {
            return SignatureCheck.INVALID;
        }
        return Ed25519Keys.verify(key, message, signature) ? SignatureCheck.VALID : SignatureCheck.INVALID;
    }

    /** Whether {@code checkpoint} carries a valid signature by a key this service knows. */
    public boolean verify(Checkpoint checkpoint) {
        return check(checkpoint) == SignatureCheck.VALID;
    }

    /**
     * A secret for another integrity purpose (e.g. paging cursors), derived from the active private key and
     * {@code purpose}: one secret to provision, and different purposes never share a key. A key rotation changes it.
     */
    public byte[] derivedKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.signingKey().getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive a key", e);
        }
    }
}
