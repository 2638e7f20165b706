package io.connectors.execution.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.execution.execution.ExecutionFlow;
import io.connectors.execution.execution.ExecutionHistory;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.security.Roles;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code tools/call}: a connector tool is exactly {@code POST /v1/connectors/{id}/execute} with the tool's operation
 * and the arguments as params (read model, scope, params validation, policy decision, claim, audit), through the one
 * {@link ExecutionFlow}, with the MCP caller as requester; the built-in {@code executions__get} is
 * {@code GET /v1/executions/{id}}. Roles as for execute: admin and deployer call connector tools, any user of the org
 * may list them and read executions.
 */
@ApplicationScoped
public class ToolCalls {

    /** Optional {@code _meta} key of tools/call: the execute API's Idempotency-Key, for an agent that retries. */
    static final String META_IDEMPOTENCY_KEY = "io.connectors/idempotency_key";

    private final ToolCatalog catalog;
    private final ExecutionFlow flow;
    private final ExecutionHistory history;
    private final ObjectMapper mapper;
    private final ToolResults results;

    ToolCalls(ToolCatalog catalog, ExecutionFlow flow, ExecutionHistory history, ObjectMapper mapper) {
        this.catalog = catalog;
        this.flow = flow;
        this.history = history;
        this.mapper = mapper;
        this.results = new ToolResults(mapper);
    }

    /** {@code params} as sent (not yet typed: arguments go to the flow as the client wrote them, numbers and all). */
    Uni<McpSchema.CallToolResult> call(McpCaller caller, JsonNode params) {
        JsonNode name = params == null ? null : params.get("name");
        if (name == null || !name.isTextual()) {
            return invalidParams("tools/call needs params.name, the tool's name (a string)");
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return invalidParams("params.arguments must be an object");
        }
        ToolCatalog.Target target = catalog.find(caller, name.textValue());
        if (target == null) {
            return unknownTool(name.textValue());
        }
        if (target.builtIn()) {
            return readExecution(caller, arguments);
        }
        if (!caller.caller().hasAnyRole(Roles.ADMIN, Roles.DEPLOYER)) {
            return Uni.createFrom().item(results.error("Your roles do not allow calling connector tools (admin or"
                    + " deployer is needed); you may list them and read executions with " + ToolCatalog.EXECUTIONS_GET).toSdk());
        }
        ObjectNode body = mapper.createObjectNode().put("operation", target.operation());
        body.set("params", arguments == null || arguments.isNull() ? mapper.createObjectNode() : arguments);
        body.put("mode", "sync");
        JsonNode key = params.path("_meta").get(META_IDEMPOTENCY_KEY);
        String idempotencyKey = key != null && key.isTextual() ? key.textValue() : null;
        return Uni.createFrom().deferred(() -> flow.execute(caller.caller(), target.connectorId(), body, idempotencyKey))
                .onItem().transformToUni(answer -> answer == null
                        // Deleted since it was listed (the catalog catches up with the read model's next change).
                        ? unknownTool(name.textValue())
                        : Uni.createFrom().item(results.of(answer.body()).toSdk()))
                .onFailure(ApiException.class).recoverWithItem(failure -> results.refused((ApiException) failure).toSdk());
    }

    private Uni<McpSchema.CallToolResult> readExecution(McpCaller caller, JsonNode arguments) {
        JsonNode id = arguments == null ? null : arguments.get("execution_id");
        if (id == null || !id.isTextual()) {
            return Uni.createFrom().item(results.refused(ApiException.badRequest("execution_id",
                    "is required: the execution_id a connector tool answered")).toSdk());
        }
        return history.find(caller.caller(), id.textValue()).map(view -> view == null
                ? results.error("No such execution: " + printable(id.textValue())).toSdk()
                : results.execution(view).toSdk());
    }

    private static <T> Uni<T> invalidParams(String message) {
        return Uni.createFrom().failure(McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(message).build());
    }

    private static <T> Uni<T> unknownTool(String name) {
        return Uni.createFrom().failure(McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                .message("Unknown tool: " + printable(name)).build());
    }

    /** Names from the request go back in messages: short and printable. */
    private static String printable(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 140 ? clean.substring(0, 140) + "..." : clean;
    }
}
