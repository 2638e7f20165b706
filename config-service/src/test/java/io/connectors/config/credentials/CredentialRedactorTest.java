package io.connectors.config.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.CredentialField;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CredentialRedactorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConnectorTypeDefinition TYPE = type(List.of(
            new CredentialField("client_id", "string", true, false, null, null, null),
            new CredentialField("client_secret", "string", true, true, null, null, null),
            new CredentialField("base_url", "string", false, false, null, "https://api.crowdstrike.com", "url"),
            new CredentialField("port", "integer", false, false, null, null, null)));

    @Test
    void masksSensitiveFieldsCompletely() {
        assertEquals("****", redact("client_secret", "a-very-long-secret-value").textValue());
    }

    @Test
    void showsTheFirstFourCharactersOfOtherText() {
        assertEquals("abc1...****", redact("client_id", "abc123def456").textValue());
    }

    @Test
    void masksShortNonSensitiveTextCompletely() {
        assertEquals("****", redact("client_id", "abc1234").textValue());
        assertEquals("abcd...****", redact("client_id", "abcd1234").textValue());
    }

    @Test
    void neverSplitsACharacterOutsideTheBasicPlane() {
        assertEquals("\uD83D\uDD11\uD83D\uDD11\uD83D\uDD11\uD83D\uDD11...****",
                redact("client_id", "\uD83D\uDD11".repeat(8)).textValue());
    }

    @Test
    void showsUrlsButMasksUserInfoQueryAndFragment() {
        assertEquals("https://api.crowdstrike.com", redact("base_url", "https://api.crowdstrike.com").textValue());
        assertEquals("https://****@host.example:8443/api?****#****",
                redact("base_url", "https://user:pw@host.example:8443/api?token=t#frag").textValue());
        assertEquals("not ...****", redact("base_url", "not a url at all").textValue());
    }

    @Test
    void masksFieldsTheTypeDoesNotDescribe() {
        assertEquals("****", redact("unknown", "visible-looking-value").textValue());
    }

    @Test
    void showsNumbersAsSettings() {
        ObjectNode credentials = JSON.createObjectNode().put("port", 8089);
        assertEquals(8089, CredentialRedactor.redact(TYPE, credentials).get("port").intValue());
    }

    private static com.fasterxml.jackson.databind.JsonNode redact(String field, String value) {
        return CredentialRedactor.redact(TYPE, JSON.createObjectNode().put(field, value)).get(field);
    }

    private static ConnectorTypeDefinition type(List<CredentialField> fields) {
        return (ConnectorTypeDefinition) Proxy.newProxyInstance(CredentialRedactorTest.class.getClassLoader(),
                new Class<?>[] {ConnectorTypeDefinition.class}, (proxy, method, args) -> {
                    if (method.getName().equals("credentialFields")) {
                        return fields;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
