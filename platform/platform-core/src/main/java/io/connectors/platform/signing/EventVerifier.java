package io.connectors.platform.signing;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.json.NumberOutOfRangeException;

import java.security.PublicKey;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks an event's {@code data.signature} against the public keys this service trusts, by key id. Several keys may be
 * trusted at once: during a rotation the new key is added before the producer switches to it, and the old one stays
 * until every event it signed has been consumed. Thread-safe.
 */
public final class EventVerifier {

    private static final int SIGNATURE_BYTES = 64;

    private final Map<String, PublicKey> trusted;

    public EventVerifier(Map<String, PublicKey> trusted) {
        if (trusted.isEmpty()) {
            throw new SigningKeyException("No trusted signing keys are configured: every signed event would be refused");
        }
        trusted.forEach((id, key) -> {
            if (!EventSignatures.KEY_ID.matcher(id).matches()) {
                throw new SigningKeyException("A trusted key id must match " + EventSignatures.KEY_ID.pattern());
            }
            if (!Ed25519Keys.isEd25519(key)) {
                throw new SigningKeyException("The trusted key " + id + " is not an Ed25519 public key");
            }
        });
        this.trusted = Collections.unmodifiableMap(new LinkedHashMap<>(trusted));
    }

    public Set<String> keyIds() {
        return trusted.keySet();
    }

    /** The outcome of a check: valid (with the key that signed) or refused, with a reason safe to log and audit. */
    public record Verification(String keyId, String refusal) {

        static Verification valid(String keyId) {
            return new Verification(keyId, null);
        }

        static Verification refused(String keyId, String reason) {
            return new Verification(keyId, reason);
        }

        public boolean valid() {
            return refusal == null;
        }
    }

    /** Verifies {@code event}, the JSON tree of the event exactly as received. */
    public Verification verify(JsonNode event) {
        JsonNode signature = event == null ? null : event.path("data").get(EventSignatures.FIELD);
        if (signature == null || signature.isNull()) {
            return Verification.refused(null, "unsigned: the event carries no signature");
        }
        if (!signature.isObject()) {
            return Verification.refused(null, "malformed signature: not an object");
        }
        String keyId = signature.path("key_id").isTextual() ? signature.get("key_id").textValue() : null;
        // Only a well-formed key id is repeated in the reason: the rest of the event is the sender's text.
        String knownId = keyId != null && EventSignatures.KEY_ID.matcher(keyId).matches() ? keyId : null;
        if (!EventSignature.ED25519.equals(signature.path("alg").asText(null))) {
            return Verification.refused(knownId, "malformed signature: the algorithm is not " + EventSignature.ED25519);
        }
        if (knownId == null) {
            return Verification.refused(null, "malformed signature: no valid key_id");
        }
        PublicKey key = trusted.get(knownId);
        if (key == null) {
            return Verification.refused(knownId, "signed with key " + knownId + ", which is not trusted");
        }
        byte[] value;
        try {
            value = signature.path("value").isTextual() ? Base64.getUrlDecoder().decode(signature.get("value").textValue()) : null;
        } catch (IllegalArgumentException e) {
            value = null;
        }
        if (value == null || value.length != SIGNATURE_BYTES) {
            return Verification.refused(knownId, "malformed signature: the value is not a base64url Ed25519 signature");
        }
        byte[] signed;
        try {
            signed = EventSignatures.signingInput(event);
        } catch (NumberOutOfRangeException e) {
            return Verification.refused(knownId, "the event has a number canonical JSON cannot write, so it cannot be verified");
        }
        return Ed25519Keys.verify(key, signed, value) ? Verification.valid(knownId)
                : Verification.refused(knownId, "the signature does not verify: the event was altered or not signed by key " + knownId);
    }
}
