package io.connectors.audit.trail;

import io.connectors.platform.json.CanonicalJson;

import java.time.Instant;

/**
 * A signed statement "org's chain head was {@code seq}/{@code hash} at {@code signedAt}", by key {@code keyId}.
 * {@code proof} is null when {@code signature} signs {@link #signedPayload()} itself; otherwise the checkpoint was
 * signed in a batch with other orgs' (one signature per batch) and {@code proof} is the Merkle path from this
 * checkpoint's leaf to the signed root (see {@code CheckpointBatches}).
 */
public record Checkpoint(String orgId, String keyId, long seq, String hash, Instant signedAt, String signature,
                         String proof) {

    public Checkpoint(String orgId, String keyId, long seq, String hash, Instant signedAt, String signature) {
        this(orgId, keyId, seq, hash, signedAt, signature, null);
    }

    /** The exact bytes signed (or, in a batch, hashed into its leaf): canonical JSON of every field but the signature. */
    public String signedPayload() {
        return "{\"hash\":" + CanonicalJson.string(hash)
                + ",\"key_id\":" + CanonicalJson.string(keyId)
                + ",\"org_id\":" + CanonicalJson.string(orgId)
                + ",\"seq\":" + seq
                + ",\"signed_at\":" + CanonicalJson.string(signedAt.toString()) + "}";
    }
}
