package io.connectors.platform.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.signing.Ed25519Keys;
import io.connectors.platform.signing.EventSigner;

import java.util.Map;

/**
 * Tests play policy-service: they sign approval events as it does (platform-core's {@link EventSigner}) with a
 * throwaway key whose public half a consumer under test trusts as {@link #KEY_ID} ({@link #trustedKeyConfig}).
 * {@link #UNTRUSTED} is a valid Ed25519 key nobody trusts, for "signed, but by the wrong key".
 */
public final class SignedApprovals {

    public static final String KEY_ID = "policy-test-1";
    /** A throwaway key made for tests with {@code openssl genpkey -algorithm ed25519}; it protects nothing. */
    private static final String PRIVATE_KEY = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJR2Qjl5pXPnsfnLz5wiK5xWjszYRv53fghw2heQRjyg
            -----END PRIVATE KEY-----
            """;
    /** Its public half (base64 of the DER SubjectPublicKeyInfo). */
    public static final String PUBLIC_KEY = "MCowBQYDK2VwAyEAx5caAGxoQ5EKtn/XaUtcVCZ0Qjc9G/yzuzMQa104sqA=";

    public static final EventSigner TRUSTED = new EventSigner(KEY_ID, Ed25519Keys.privateKeyFromPem(PRIVATE_KEY, "test key"));
    /** Same key id, another key: what a forger holding no private key of policy-service's can sign with. */
    public static final EventSigner UNTRUSTED = new EventSigner(KEY_ID, Ed25519Keys.generate().getPrivate());

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private SignedApprovals() {
    }

    /** The configuration that makes a consumer under {@code prefix} (e.g. connectors.config.approvals) trust {@link #TRUSTED}. */
    public static Map<String, String> trustedKeyConfig(String prefix) {
        return Map.of(prefix + ".trusted-key." + KEY_ID, PUBLIC_KEY);
    }

    /** {@code event} (an envelope object or its JSON tree) as policy-service would publish it, signed by {@code signer}. */
    public static String signed(Object event, EventSigner signer) {
        ObjectNode tree = JSON.valueToTree(event);
        ((ObjectNode) tree.get("data")).set("signature", JSON.valueToTree(signer.header()));
        ((ObjectNode) tree.at("/data/signature")).put("value", signer.sign(tree));
        return tree.toString();
    }

    /** {@code event} with no signature at all, as anyone able to write the topic can produce it. */
    public static String unsigned(Object event) {
        ObjectNode tree = JSON.valueToTree(event);
        ((ObjectNode) tree.get("data")).remove("signature");
        return tree.toString();
    }
}
