package io.connectors.platform.signing;

import com.fasterxml.jackson.databind.JsonNode;

import java.security.PrivateKey;
import java.util.Base64;

/**
 * Signs events with one Ed25519 private key under its key id. The producer puts {@link #header()} into the event's
 * {@code data.signature}, serializes the event as it will publish it, and adds the {@link #sign} value. Thread-safe.
 */
public final class EventSigner {

    private final String keyId;
    private final PrivateKey key;

    public EventSigner(String keyId, PrivateKey key) {
        if (keyId == null || !EventSignatures.KEY_ID.matcher(keyId).matches()) {
            throw new SigningKeyException("A signing key id must match " + EventSignatures.KEY_ID.pattern());
        }
        if (!Ed25519Keys.isEd25519(key)) {
            throw new SigningKeyException("The signing key " + keyId + " is not an Ed25519 private key");
        }
        this.keyId = keyId;
        this.key = key;
    }

    public String keyId() {
        return keyId;
    }

    /** The signature member before signing: algorithm and key id, no value yet. */
    public EventSignature header() {
        return new EventSignature(EventSignature.ED25519, keyId, null);
    }

    /**
     * The signature value (base64url, no padding) of {@code event}, the JSON tree of the event as it will be published,
     * whose {@code data.signature} is this signer's {@link #header()}.
     */
    public String sign(JsonNode event) {
        JsonNode signature = event.path("data").path(EventSignatures.FIELD);
        if (!EventSignature.ED25519.equals(signature.path("alg").asText()) || !keyId.equals(signature.path("key_id").asText())) {
            throw new IllegalArgumentException("The event's data.signature must be this signer's header before signing");
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Ed25519Keys.sign(key, EventSignatures.signingInput(event)));
    }

    @Override
    public String toString() {
        return "EventSigner[" + keyId + "]";
    }
}
