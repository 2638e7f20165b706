package io.connectors.execution.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecuteRequestTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private List<FieldError> errorsOf(String body) {
        ApiException refused = assertThrows(ApiException.class, () -> ExecuteRequest.parse(mapper.readTree(body)));
        assertEquals(400, refused.status());
        return refused.toProblem().errors();
    }

    @Test
    void defaultsToSyncWithEmptyParams() throws Exception {
        ExecuteRequest request = ExecuteRequest.parse(mapper.readTree("{\"operation\":\"detections:read\"}"));
        assertEquals("detections:read", request.operation());
        assertTrue(request.params().isEmpty());
        assertFalse(request.async());
    }

    @Test
    void reportsEveryShapeProblemWithItsField() {
        List<FieldError> errors = errorsOf("{\"operation\":42,\"params\":[1],\"mode\":\"later\",\"extra\":true}");
        assertEquals(List.of(
                new FieldError("extra", "unknown field"),
                new FieldError("operation", "expected a string"),
                new FieldError("params", "expected an object"),
                new FieldError("mode", "must be one of [sync, async]")), errors);
    }

    @Test
    void requiresAnOperationOfReasonableLength() {
        assertEquals("is required", errorsOf("{}").get(0).message());
        assertEquals("must not be blank", errorsOf("{\"operation\":\"  \"}").get(0).message());
        assertEquals("must be at most 128 characters long",
                errorsOf("{\"operation\":\"" + "a".repeat(129) + "\"}").get(0).message());
    }

    @Test
    void refusesANumberBeyondDoubleRangeInParamsByItsPath() {
        assertEquals(List.of(new FieldError("params.hosts[1].limit", io.connectors.platform.json.JsonNumbers.MESSAGE)),
                errorsOf("{\"operation\":\"a:b\",\"params\":{\"hosts\":[{\"limit\":1},{\"limit\":-1e400}]}}"));
        assertEquals("params.x", errorsOf("{\"operation\":\"a:b\",\"params\":{\"x\":1e400}}").get(0).field());
    }

    @Test
    void refusesParamsBeyondTheLimitsPolicyServiceDecidesWithin() {
        assertEquals(List.of(new FieldError("params", "must not nest deeper than 16 levels")),
                errorsOf("{\"operation\":\"a:b\",\"params\":" + "{\"a\":".repeat(17) + "1" + "}".repeat(17) + "}"));
        assertEquals(List.of(new FieldError("params", "must not exceed 65536 bytes")),
                errorsOf("{\"operation\":\"a:b\",\"params\":{\"s\":\"" + "x".repeat(200_000) + "\"}}"));
    }

    @Test
    void refusesABodyThatIsNotAnObject() {
        assertEquals("body", errorsOf("[1,2]").get(0).field());
        assertThrows(ApiException.class, () -> ExecuteRequest.parse(null));
    }

    @Test
    void bindsTheIdempotencyHashToConnectorOperationParamsAndMode() throws Exception {
        ExecuteRequest request = ExecuteRequest.parse(mapper.readTree("{\"operation\":\"a:b\",\"params\":{\"x\":1,\"y\":2}}"));
        ExecuteRequest reordered = ExecuteRequest.parse(mapper.readTree("{\"params\":{\"y\":2,\"x\":1},\"operation\":\"a:b\"}"));
        ExecuteRequest async = ExecuteRequest.parse(mapper.readTree("{\"operation\":\"a:b\",\"params\":{\"x\":1,\"y\":2},\"mode\":\"async\"}"));
        assertEquals(request.hash("c1"), reordered.hash("c1"));
        assertNotEquals(request.hash("c1"), request.hash("c2"));
        assertNotEquals(request.hash("c1"), async.hash("c1"));
    }

    @Test
    void keepsHostileFieldNamesOutOfErrorsVerbatim() {
        List<FieldError> errors = errorsOf("{\"operation\":\"a:b\",\"\\u0000<script>" + "x".repeat(100) + "\":1}");
        assertTrue(errors.get(0).field().startsWith("?<script>"));
        assertTrue(errors.get(0).field().length() <= 67);
    }
}
