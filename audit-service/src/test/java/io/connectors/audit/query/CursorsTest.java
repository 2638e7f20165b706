package io.connectors.audit.query;

import io.connectors.audit.checkpoint.CheckpointKeys;
import io.connectors.audit.checkpoint.CheckpointSigner;
import io.connectors.platform.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CursorsTest {

    private static final String ORG = "11111111-1111-4111-8111-111111111111";

    private final Cursors cursors = new Cursors(new CheckpointSigner(CheckpointKeys.ephemeral()));

    @Test
    void decodesTheSeqItEncoded() {
        assertEquals(12345L, cursors.decode(ORG, cursors.encode(ORG, 12345)));
    }

    @Test
    void refusesACursorOfAnotherOrg() {
        String cursor = cursors.encode("22222222-2222-4222-8222-222222222222", 10);
        assertEquals(400, assertThrows(ApiException.class, () -> cursors.decode(ORG, cursor)).status());
    }

    @Test
    void refusesACursorWhoseSeqWasEdited() {
        String text = new String(Base64.getUrlDecoder().decode(cursors.encode(ORG, 10)), StandardCharsets.US_ASCII);
        String edited = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.replaceFirst("^10", "90").getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, assertThrows(ApiException.class, () -> cursors.decode(ORG, edited)).status());
    }

    @Test
    void refusesACursorMadeByAnotherInstanceKey() {
        String foreign = new Cursors(new CheckpointSigner(CheckpointKeys.ephemeral())).encode(ORG, 10);
        assertEquals(400, assertThrows(ApiException.class, () -> cursors.decode(ORG, foreign)).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"MTA", "not base64 !", "LjE", "MTAu", "' or 1=1 --", "x"})
    void refusesGarbage(String cursor) {
        ApiException e = assertThrows(ApiException.class, () -> cursors.decode(ORG, cursor));
        assertEquals(400, e.status());
        assertEquals("cursor", e.toProblem().errors().get(0).field());
    }

    @Test
    void refusesAnOversizedCursor() {
        assertEquals(400, assertThrows(ApiException.class, () -> cursors.decode(ORG, "A".repeat(10_000))).status());
    }
}
