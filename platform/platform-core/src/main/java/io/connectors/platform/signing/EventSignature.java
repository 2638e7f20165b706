package io.connectors.platform.signing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code signature} member of a signed event's {@code data}: the algorithm, the id of the signing key and the
 * signature itself (base64url without padding). {@code alg} and {@code key_id} are signed too; only {@code value} is
 * left out of the signed bytes (see {@link EventSignatures#signingInput}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventSignature(String alg, @JsonProperty("key_id") String keyId, String value) {

    public static final String ED25519 = "Ed25519";

    /** The same header with its signature value. */
    public EventSignature withValue(String signatureValue) {
        return new EventSignature(alg, keyId, signatureValue);
    }
}
