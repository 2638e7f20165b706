package io.connectors.policy.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keepsEveryKeyAndOnlyTheValuesOfIdentifiers() throws Exception {
        Map<String, Object> redacted = Redaction.params(JSON.readTree("""
                {"device_id": "abc", "id": 7, "host_ids": ["h1", 2, {"x": 1}], "comment": "secret",
                 "token": 12345, "nested": {"ticket_id": "T-1", "password": "hunter2"}, "flag": true,
                 "identity": "not an id", "ids": null}"""));

        assertEquals(Map.of(
                "device_id", "abc",
                "id", "7",
                "host_ids", List.of("h1", "2", "****"),
                "comment", "****",
                "token", "****",
                "nested", Map.of("ticket_id", "T-1", "password", "****"),
                "flag", "****",
                "identity", "****",
                "ids", "****"), redacted);
    }

    @Test
    void redactsNothingOutOfAMissingOrNonObjectValue() throws Exception {
        assertEquals(Map.of(), Redaction.params(null));
        assertEquals(Map.of(), Redaction.params(JSON.readTree("[\"secret\"]")));
    }
}
