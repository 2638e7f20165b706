package io.connectors.audit.query;

import io.connectors.audit.checkpoint.CheckpointSigner;
import io.connectors.platform.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Opaque paging cursors: base64url of the last seq returned and a MAC binding it to the org, so a cursor that was
 * edited, made up or taken from another org is refused (400) rather than silently paging somewhere else.
 */
@ApplicationScoped
public class Cursors {

    static final int MAX_LENGTH = 128;
    private static final int MAC_BYTES = 16;

    private final byte[] key;

    public Cursors(CheckpointSigner signer) {
        this.key = signer.derivedKey("audit-events-cursor-v1");
    }

    public String encode(String orgId, long seq) {
        String body = Long.toString(seq);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(orgId, body)))
                        .getBytes(StandardCharsets.US_ASCII));
    }

    /** The seq after which the next page starts. */
    public long decode(String orgId, String cursor) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int dot = text.indexOf('.');
        if (dot <= 0) {
            throw invalid();
        }
        String body = text.substring(0, dot);
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(text.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(presented, mac(orgId, body))) {
            throw invalid();
        }
        try {
            return Long.parseLong(body);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private byte[] mac(String orgId, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(orgId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(body.getBytes(StandardCharsets.US_ASCII)), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("cursor", "not a cursor returned by this API for your organization");
    }
}
