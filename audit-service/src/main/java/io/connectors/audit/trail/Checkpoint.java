package io.connectors.audit.trail;

import io.connectors.platform.json.CanonicalJson;

import java.time.Instant;

/** A signed statement "org's chain head was {@code seq}/{@code hash} at {@code signedAt}", by key {@code keyId}. */
public record Checkpoint(String orgId, String keyId, long seq, String hash, Instant signedAt, String signature) {

    /** The exact bytes signed: canonical JSON of every field but the signature. */
    public String signedPayload() {
        return "{\"hash\":" + CanonicalJson.string(hash)
                + ",\"key_id\":" + CanonicalJson.string(keyId)
                + ",\"org_id\":" + CanonicalJson.string(orgId)
                + ",\"seq\":" + seq
                + ",\"signed_at\":" + CanonicalJson.string(signedAt.toString()) + "}";
    }
}
