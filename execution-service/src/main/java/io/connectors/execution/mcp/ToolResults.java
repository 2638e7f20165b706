package io.connectors.execution.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.execution.ExecuteResponse;
import io.connectors.execution.execution.ExecutionView;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the execute flow's answers read as MCP tool results. A success is the connector's result, as
 * {@code structuredContent} (an object: a result of another shape is wrapped as {@code {"result": ...}}) and its JSON
 * text; anything the agent must act on (denied, error, a refusal of the request, invalid arguments) is
 * {@code isError: true} with the reason in words and the execute API's answer as {@code structuredContent}; a call
 * held for approval is not an error: it names the approval, its expiry and the tool that reads the outcome later.
 */
final class ToolResults {

    static final String META_EXECUTION = "io.connectors/execution_id";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    ToolResults(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    CallToolResult of(ExecuteResponse response) {
        Map<String, Object> meta = response.executionId() == null ? null : Map.of(META_EXECUTION, response.executionId());
        Map<String, Object> answer = mapper.convertValue(response, MAP);
        return switch (response.status()) {
            case "success" -> {
                JsonNode result = response.result();
                Map<String, Object> structured = result != null && result.isObject() ? mapper.convertValue(result, MAP)
                        : single("result", result == null ? null : mapper.convertValue(result, Object.class));
                yield new CallToolResult(false, json(result), structured, meta);
            }
            case "pending_approval" -> new CallToolResult(false, "Held for human approval: nothing has run yet. Approval "
                    + response.approvalId() + (response.expiresAt() == null ? "" : ", expires " + response.expiresAt())
                    + ". Once someone decides, the operation runs (or is refused) without you; call "
                    + ToolCatalog.EXECUTIONS_GET + " with {\"execution_id\": \"" + response.executionId()
                    + "\"} to read its status and outcome.", answer, meta);
            case "denied" -> new CallToolResult(true, reason("Denied", response), answer, meta);
            case "queued" -> new CallToolResult(false, "Queued as execution " + response.executionId() + "; call "
                    + ToolCatalog.EXECUTIONS_GET + " to read its outcome.", answer, meta);
            default -> new CallToolResult(true, reason("Failed", response), answer, meta);
        };
    }

    /** A request the execute flow refused before anything was decided (invalid arguments, disabled connector, ...). */
    CallToolResult refused(ApiException refusal) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("status", refusal.status());
        structured.put("detail", refusal.getMessage());
        List<FieldError> errors = refusal.toProblem().errors();
        StringBuilder text = new StringBuilder(refusal.getMessage() == null ? "Refused" : refusal.getMessage());
        if (errors != null && !errors.isEmpty()) {
            List<Map<String, String>> listed = new ArrayList<>(errors.size());
            text.append(':');
            for (FieldError error : errors) {
                listed.add(Map.of("field", error.field(), "message", error.message()));
                text.append(' ').append(error.field()).append(": ").append(error.message()).append(';');
            }
            text.setLength(text.length() - 1);
            structured.put("errors", listed);
        }
        return new CallToolResult(true, text.toString(), structured, null);
    }

    /** A refusal that needs no structure: the words are the whole answer. */
    CallToolResult error(String message) {
        return new CallToolResult(true, message, null, null);
    }

    CallToolResult execution(ExecutionView view) {
        Map<String, Object> structured = mapper.convertValue(view, MAP);
        return new CallToolResult(false, json(mapper.valueToTree(view)), structured, Map.of(META_EXECUTION, view.id()));
    }

    private static String reason(String verb, ExecuteResponse response) {
        String message = response.error() == null ? verb : response.error().message();
        return message + (response.error() != null && response.error().retryable() ? " (a retry may succeed)" : "")
                + " [execution " + response.executionId() + "]";
    }

    private String json(JsonNode node) {
        try {
            return node == null ? "null" : mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    /** A tool result before it becomes the SDK's {@link McpSchema.CallToolResult}: plain values, easy to assert on. */
    record CallToolResult(boolean isError, String text, Map<String, Object> structured, Map<String, Object> meta) {

        McpSchema.CallToolResult toSdk() {
            McpSchema.CallToolResult.Builder builder = McpSchema.CallToolResult.builder()
                    .addTextContent(text).isError(isError);
            if (structured != null) {
                builder.structuredContent(structured);
            }
            if (meta != null) {
                builder.meta(meta);
            }
            return builder.build();
        }
    }
}
