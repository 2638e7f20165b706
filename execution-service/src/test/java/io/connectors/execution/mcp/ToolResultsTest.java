package io.connectors.execution.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.execution.ExecuteResponse;
import io.connectors.execution.runner.ExecutionError;
import io.connectors.execution.runner.Fault;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolResultsTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private final ToolResults results = new ToolResults(JSON);

    private static ExecuteResponse response(String status, String result, String approvalId, ExecutionError error) throws Exception {
        return new ExecuteResponse(status, result == null ? null : JSON.readTree(result), approvalId,
                approvalId == null ? null : Instant.parse("2026-12-01T18:00:00Z"), error, "exec-1", "dec-1");
    }

    @Test
    void aSuccessIsTheResultAsStructuredContentAndItsJsonText() throws Exception {
        ToolResults.CallToolResult success = results.of(response("success", "{\"key\":\"SEC-1\",\"n\":2}", null, null));
        assertFalse(success.isError());
        assertEquals(Map.of("key", "SEC-1", "n", 2), success.structured());
        assertEquals("{\"key\":\"SEC-1\",\"n\":2}", success.text());
        assertEquals("exec-1", success.meta().get(ToolResults.META_EXECUTION));

        McpSchema.CallToolResult sdk = success.toSdk();
        assertEquals(Boolean.FALSE, sdk.isError());
        assertEquals("{\"key\":\"SEC-1\",\"n\":2}", ((McpSchema.TextContent) sdk.content().get(0)).text());
    }

    @Test
    void aResultThatIsNoObjectIsWrappedBecauseStructuredContentMustBeOne() throws Exception {
        assertEquals(Map.of("result", List.of(1, 2)), results.of(response("success", "[1,2]", null, null)).structured());
        assertTrue(results.of(response("success", null, null, null)).structured().containsKey("result"));
    }

    @Test
    void aHeldCallNamesTheApprovalItsExpiryAndHowToReadTheOutcome() throws Exception {
        ToolResults.CallToolResult held = results.of(response("pending_approval", null, "appr-9", null));
        assertFalse(held.isError());
        assertTrue(held.text().contains("appr-9"), held.text());
        assertTrue(held.text().contains("2026-12-01T18:00:00Z"), held.text());
        assertTrue(held.text().contains(ToolCatalog.EXECUTIONS_GET) && held.text().contains("exec-1"), held.text());
        assertEquals("pending_approval", held.structured().get("status"));
        assertEquals("appr-9", held.structured().get("approval_id"));
        assertEquals("exec-1", held.structured().get("execution_id"));
    }

    @Test
    void deniedAndFailedAreErrorResultsWithTheReason() throws Exception {
        ToolResults.CallToolResult denied = results.of(response("denied", null, null,
                new ExecutionError("Denied by policy: rule x matched", Fault.BLOCKED, false, null, null, List.of("rule x matched"))));
        assertTrue(denied.isError());
        assertTrue(denied.text().startsWith("Denied by policy: rule x matched"), denied.text());
        assertEquals("denied", denied.structured().get("status"));

        ToolResults.CallToolResult failed = results.of(response("error", null, null,
                ExecutionError.of(Fault.EXTERNAL, "The vendor timed out", true)));
        assertTrue(failed.isError());
        assertTrue(failed.text().contains("The vendor timed out") && failed.text().contains("a retry may succeed"), failed.text());
    }

    @Test
    void aRefusalNamesEveryFieldAsTheRestApiDoes() {
        ToolResults.CallToolResult refused = results.refused(ApiException.badRequest("The params are invalid for echo:read",
                List.of(new FieldError("params.limit", "must be at least 1"), new FieldError("params.message", "expected a string"))));
        assertTrue(refused.isError());
        assertEquals("The params are invalid for echo:read: params.limit: must be at least 1; params.message: expected a string",
                refused.text());
        assertEquals(List.of(Map.of("field", "params.limit", "message", "must be at least 1"),
                Map.of("field", "params.message", "message", "expected a string")), refused.structured().get("errors"));
        assertEquals(400, refused.structured().get("status"));
        assertNull(refused.meta());
    }
}
