package io.connectors.execution.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.signing.EventSigner;
import io.connectors.platform.testing.SignedApprovals;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The tests play policy-service with platform-test's {@link SignedApprovals} (its throwaway key, which
 * {@code ExecutionServiceProfile} makes execution-service trust as {@link #KEY_ID}), typed for approval envelopes.
 */
public final class ApprovalSigning {

    public static final String KEY_ID = SignedApprovals.KEY_ID;
    public static final String PUBLIC_KEY = SignedApprovals.PUBLIC_KEY;
    public static final EventSigner TRUSTED = SignedApprovals.TRUSTED;

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ApprovalSigning() {
    }

    /** The event as policy-service would publish it, signed by {@code signer}. */
    public static String signed(EventEnvelope<ApprovalEvent> event, EventSigner signer) {
        return SignedApprovals.signed(event, signer);
    }

    /** The event with no signature at all, as anyone able to write the topic can produce it. */
    public static String unsigned(EventEnvelope<ApprovalEvent> event) {
        return SignedApprovals.unsigned(event);
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
