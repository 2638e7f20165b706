package io.connectors.platform.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CanonicalJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void sortsKeysAtEveryLevelAndDropsWhitespace() throws Exception {
        assertEquals("{\"a\":[{\"x\":1,\"y\":2}],\"b\":true}",
                CanonicalJson.write(mapper.readTree("{ \"b\" : true, \"a\": [ {\"y\":2, \"x\":1} ] }")));
    }

    @Test
    void writesIntegralDecimalsAsIntegersSoEquivalentParamsHashAlike() throws Exception {
        assertEquals(CanonicalJson.sha256(mapper.readTree("{\"limit\":50}")),
                CanonicalJson.sha256(mapper.readTree("{\"limit\":50.0}")));
        assertEquals("{\"f\":0.1}", CanonicalJson.write(mapper.readTree("{\"f\":0.10}")));
    }

    @Test
    void escapesControlCharactersMinimally() throws Exception {
        assertEquals("\"a\\n\\u0001é\\\"\"", CanonicalJson.write(mapper.readTree("\"a\\n\\u0001é\\\"\"")));
    }

    @Test
    void isStableUnderRecanonicalisation() throws Exception {
        String once = CanonicalJson.write(mapper.readTree("{\"z\":[3,2.5e3,{\"k\":null}],\"a\":\"s\"}"));
        assertEquals(once, CanonicalJson.write(mapper.readTree(once)));
    }

    @Test
    void hashesDifferentParamsDifferentlyAndMissingParamsAsEmptyObject() throws Exception {
        assertNotEquals(CanonicalJson.sha256(mapper.readTree("{\"device_id\":\"a\"}")),
                CanonicalJson.sha256(mapper.readTree("{\"device_id\":\"b\"}")));
        assertEquals(CanonicalJson.sha256(mapper.readTree("{}")), CanonicalJson.sha256(null));
        assertEquals(64, CanonicalJson.sha256(null).length());
    }
}
