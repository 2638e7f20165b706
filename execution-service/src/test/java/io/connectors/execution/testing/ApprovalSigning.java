package io.connectors.execution.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.signing.Ed25519Keys;
import io.connectors.platform.signing.EventSigner;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The tests play policy-service: they sign approval events as it does (platform-core's {@link EventSigner}) with a
 * throwaway key whose public half {@code ExecutionServiceProfile} makes execution-service trust as {@link #KEY_ID}.
 */
public final class ApprovalSigning {

    public static final String KEY_ID = "policy-test-1";
    /** A throwaway key made for these tests with {@code openssl genpkey -algorithm ed25519}; it protects nothing. */
    private static final String PRIVATE_KEY = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJR2Qjl5pXPnsfnLz5wiK5xWjszYRv53fghw2heQRjyg
            -----END PRIVATE KEY-----
            """;
    /** Its public half, as execution-service is configured with it (base64 of the DER SubjectPublicKeyInfo). */
    public static final String PUBLIC_KEY = "MCowBQYDK2VwAyEAx5caAGxoQ5EKtn/XaUtcVCZ0Qjc9G/yzuzMQa104sqA=";

    public static final EventSigner TRUSTED = new EventSigner(KEY_ID, Ed25519Keys.privateKeyFromPem(PRIVATE_KEY, "test key"));

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ApprovalSigning() {
    }

    /** The event as policy-service would publish it, signed by {@code signer}. */
    public static String signed(EventEnvelope<ApprovalEvent> event, EventSigner signer) {
        ObjectNode tree = tree(event);
        ((ObjectNode) tree.get("data")).set("signature", JSON.valueToTree(signer.header()));
        ((ObjectNode) tree.at("/data/signature")).put("value", signer.sign(tree));
        return tree.toString();
    }

    /** The event with no signature at all, as anyone able to write the topic can produce it. */
    public static String unsigned(EventEnvelope<ApprovalEvent> event) {
        return tree(event).toString();
    }

    public static ObjectNode tree(EventEnvelope<ApprovalEvent> event) {
        return JSON.valueToTree(event);
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
