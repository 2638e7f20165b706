package io.connectors.platform.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.json.CanonicalJson;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** What exactly is signed, shared by {@link EventSigner} and {@link EventVerifier} so they agree to the byte. */
public final class EventSignatures {

    /** The member of {@code data} that carries the {@link EventSignature}. */
    public static final String FIELD = "signature";
    public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private EventSignatures() {
    }

    /**
     * The signed bytes: the UTF-8 canonical JSON of the whole event as published (envelope and data), with only
     * {@code data.signature.value} removed. Covering the envelope binds its id (deduplication), type, source and org;
     * covering {@code alg} and {@code key_id} stops a signature being passed off under another key. Canonical form
     * makes the bytes independent of member order and whitespace, so the consumer recomputes them from what it parsed.
     *
     * @throws io.connectors.platform.json.NumberOutOfRangeException for a number canonical JSON cannot write
     */
    public static byte[] signingInput(JsonNode event) {
        JsonNode copy = event.deepCopy();
        if (copy.path("data").path(FIELD) instanceof ObjectNode signature) {
            signature.remove("value");
        }
        return CanonicalJson.write(copy).getBytes(StandardCharsets.UTF_8);
    }
}
