package io.connectors.platform.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonNumbersTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void namesTheFirstNumberBeyondDoubleRangeUnderTheGivenField() throws Exception {
        assertEquals("params.hosts[1].limit", JsonNumbers.firstOutOfRange(
                mapper.readTree("{\"a\":\"1e400\",\"hosts\":[{\"limit\":1},{\"limit\":-1e400}],\"z\":1e400}"), "params"));
        assertEquals("hosts[0]", JsonNumbers.firstOutOfRange(mapper.readTree("{\"hosts\":[1e400]}"), ""));
        assertEquals("body", JsonNumbers.firstOutOfRange(mapper.readTree("-1e400"), ""));
        assertEquals("input.params", JsonNumbers.firstOutOfRange(mapper.readTree("1e400"), "input.params"));
    }

    @Test
    void findsNothingInFiniteNumbersStringsAndNulls() throws Exception {
        assertNull(JsonNumbers.firstOutOfRange(mapper.readTree(
                "{\"a\":1.7976931348623157e308,\"b\":-4.9e-324,\"c\":1e-400,\"d\":[\"1e400\",null,true,{}]}"), ""));
        assertNull(JsonNumbers.firstOutOfRange(null, "params"));
    }

    @Test
    void treatsHugeIntegersAndDecimalsAsOutOfRangeToo() throws Exception {
        assertEquals("n", JsonNumbers.firstOutOfRange(mapper.readTree("{\"n\":1" + "0".repeat(400) + "}"), ""));
        ObjectMapper decimals = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        assertEquals("d", JsonNumbers.firstOutOfRange(decimals.readTree("{\"d\":1e400}"), ""));
        assertNull(JsonNumbers.firstOutOfRange(decimals.readTree("{\"d\":1e300}"), ""));
    }

    @Test
    void keepsEchoedKeysPrintableAndShort() throws Exception {
        String key = "k\u0000" + "x".repeat(100);
        String path = JsonNumbers.firstOutOfRange(mapper.readTree("{\"" + key.replace("\u0000", "\\u0000") + "\":1e400}"), "p");
        assertEquals("p.k?" + "x".repeat(62) + "...", path);
        assertEquals("\uD83D\uDE00?", JsonNumbers.printable("\uD83D\uDE00\uD800"));
    }

    @Test
    void reportsAsAFieldErrorOrA400() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        assertFalse(JsonNumbers.check(mapper.readTree("{\"a\":1}"), "params", errors));
        assertTrue(JsonNumbers.check(mapper.readTree("{\"a\":[1e400]}"), "params", errors));
        assertEquals(List.of(new FieldError("params.a[0]", JsonNumbers.MESSAGE)), errors);

        ApiException e = assertThrows(ApiException.class,
                () -> JsonNumbers.requireInRange(mapper.readTree("{\"b\":-1e400}"), ""));
        assertEquals(400, e.status());
        assertEquals(List.of(new FieldError("b", JsonNumbers.MESSAGE)), e.toProblem().errors());
        JsonNumbers.requireInRange(mapper.readTree("{\"b\":-1e300}"), "");
    }
}
