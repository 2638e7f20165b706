package io.connectors.execution.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialScrubberTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cr3t/t0ken+with=odd chars";

    private final CredentialScrubber scrubber = CredentialScrubber.of(JSON.valueToTree(java.util.Map.of(
            "user", "svc-bot", "token", TOKEN, "base_url", "https://vendor.example")), Set.of("token"));

    @Test
    void masksTheSecretAndItsEncodingsAnywhereInTheResult() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("svc-bot:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        String b64 = Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
        String b64url = Base64.getUrlEncoder().withoutPadding().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8));
        String urlEncoded = URLEncoder.encode(TOKEN, StandardCharsets.UTF_8);
        JsonNode result = JSON.readTree(JSON.writeValueAsString(java.util.Map.of(
                "headers", java.util.Map.of("authorization", "Bearer " + TOKEN, "x-basic", "Basic " + basic),
                "echo", java.util.List.of(b64, b64url, "?token=" + urlEncoded, "?token=" + urlEncoded.replace("+", "%20")),
                TOKEN, 1)));

        String scrubbed = scrubber.scrub(result).toString();

        for (String form : new String[]{TOKEN, basic, b64, b64url, urlEncoded}) {
            assertFalse(scrubbed.contains(form), form + " in " + scrubbed);
        }
        assertTrue(scrubbed.contains("Bearer ****"), scrubbed);
        assertTrue(scrubbed.contains("Basic ****"), scrubbed);
        assertTrue(scrubbed.contains("\"****\":1"), scrubbed);
    }

    @Test
    void leavesNonSecretValuesAndAnUntouchedResultAlone() throws Exception {
        JsonNode result = JSON.readTree("{\"self\":\"https://vendor.example/issue/1\",\"by\":\"svc-bot\",\"n\":3}");
        assertSame(result, scrubber.scrub(result));
        assertEquals("https://vendor.example/issue/1", scrubber.scrub(result).get("self").asText());
    }

    @Test
    void scrubsAFailureMessage() {
        Failure failure = Failure.of(Fault.EXTERNAL, "401 from vendor: invalid token " + TOKEN, false).scrubbed(scrubber);
        assertEquals("401 from vendor: invalid token ****", failure.getMessage());
        Failure clean = Failure.of(Fault.EXTERNAL, "timeout", true);
        assertSame(clean, clean.scrubbed(scrubber));
    }

    @Test
    void searchesForNoShortSecretAndNothingWithoutSecrets() throws Exception {
        CredentialScrubber shortSecret = CredentialScrubber.of(JSON.readTree("{\"token\":\"abc\"}"), Set.of("token"));
        assertEquals("abcabc", shortSecret.scrub("abcabc"));
        CredentialScrubber none = CredentialScrubber.of(JSON.readTree("{\"user\":\"svc-bot\"}"), Set.of("token"));
        assertEquals("svc-bot", none.scrub("svc-bot"));
    }
}
