package io.connectors.platform.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void refusesNumbersBeyondDoubleRangeWithATypedBadRequestNamingWhere() throws Exception {
        for (String number : List.of("1e400", "-1e400")) {
            NumberOutOfRangeException e = assertThrows(NumberOutOfRangeException.class,
                    () -> CanonicalJson.sha256(mapper.readTree("{\"a\":1,\"p\":{\"list\":[0," + number + "]}}")));
            assertEquals("p.list[1]", e.path());
            assertInstanceOf(ApiException.class, e, "a 400 through the platform's problem mapper, never a 500");
            assertEquals(400, e.status());
            assertEquals(List.of(new FieldError("p.list[1]", JsonNumbers.MESSAGE)), e.toProblem().errors());
        }
        assertEquals("body", assertThrows(NumberOutOfRangeException.class,
                () -> CanonicalJson.write(mapper.readTree("1e400"))).path());
        assertThrows(NumberOutOfRangeException.class,
                () -> CanonicalJson.write(JsonNodeFactory.instance.numberNode(Double.NaN)));
    }

    @Test
    void refusesDecimalsBeyondDoubleRangeInsteadOfWritingInfinity() throws Exception {
        ObjectMapper decimals = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        assertEquals("x", assertThrows(NumberOutOfRangeException.class,
                () -> CanonicalJson.write(decimals.readTree("{\"x\":-1.5e400}"))).path());
        assertEquals("{\"x\":0.1}", CanonicalJson.write(decimals.readTree("{\"x\":0.10}")));
    }

    @Test
    void keepsLargeIntegersExactAndWritesTinyNumbersAsZero() throws Exception {
        String big = "1" + "0".repeat(400);
        assertEquals("[" + big + "]", CanonicalJson.write(mapper.readTree("[" + big + "]")));
        assertEquals("[0]", CanonicalJson.write(mapper.readTree("[1e-400]")));
        assertEquals("[1.0E20]", CanonicalJson.write(JsonNodeFactory.instance.arrayNode()
                .add(new BigDecimal("1E+20"))), "unchanged: what stored hashes were computed over");
    }
}
