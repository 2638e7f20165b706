package io.connectors.execution.mcp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The MCP Java SDK's stateless server behind {@code /mcp}, with this service as its transport (the SDK ships only
 * servlet transports; Quarkus REST has no servlet container). The SDK answers initialize (version negotiation: the
 * client's revision when supported, else the newest), ping, notifications and unknown methods (-32601), with its own
 * schema types and JSON-RPC shapes, serialised by the application's ObjectMapper.
 *
 * <p>tools/list and tools/call are routed to {@link ToolCatalog} and {@link ToolCalls} before the SDK's dispatcher:
 * the SDK 2.1 stateless server keeps one global tool list (a linear scan per call, no cursors), where each org here
 * has its own tools, thousands of them, changing with its connectors.
 *
 * <p>What the SDK's deserialiser does not tell apart is checked first: a body that is not JSON is -32700, JSON that is
 * not one JSON-RPC 2.0 request or notification -32600 (both HTTP 400); nothing that goes wrong inside becomes an HTTP
 * 500: it is a JSON-RPC -32603 naming an incident id, the detail in the log.
 */
@ApplicationScoped
public class McpServerBridge {

    private static final Logger LOG = Logger.getLogger(McpServerBridge.class);
    static final String CALLER = "io.connectors/caller";

    /**
     * What the HTTP layer answers: a status and a JSON-RPC response (the SDK's, or {@link UnidentifiedError}), or 202
     * with no body for a notification.
     */
    record Reply(int httpStatus, Object body) {

        static Reply accepted() {
            return new Reply(202, null);
        }
    }

    /**
     * An error answering a message whose id is unknown (not JSON, no valid id): JSON-RPC 2.0 says {@code "id": null},
     * which the SDK's response type refuses to hold.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UnidentifiedError(String jsonrpc, Object id, McpSchema.JSONRPCResponse.JSONRPCError error) {
    }

    /**
     * A JSON-RPC response whose result is already JSON (a tools/list page, ToolCatalog): written around it, not
     * re-serialised (a page of 100 tools is ~150 KB).
     */
    record SerialisedResult(Object id, byte[] result) {
    }

    /** The SDK's transport SPI: it hands over its request handler, which {@link #handle} feeds. */
    private static final class Transport implements McpStatelessServerTransport {

        private volatile McpStatelessServerHandler handler;

        @Override
        public void setMcpHandler(McpStatelessServerHandler handler) {
            this.handler = handler;
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }

    private final ObjectMapper mapper;
    private final McpJsonMapper json;
    private final ToolCatalog catalog;
    private final ToolCalls calls;
    private final Transport transport = new Transport();
    private final McpStatelessAsyncServer server;
    private final List<String> protocolVersions;

    McpServerBridge(ObjectMapper mapper, ToolCatalog catalog, ToolCalls calls,
                    @ConfigProperty(name = "quarkus.application.version", defaultValue = "1.0.0") String version) {
        this.mapper = mapper;
        this.json = new JacksonMcpJsonMapper(mapper);
        this.catalog = catalog;
        this.calls = calls;
        this.server = McpServer.async(transport)
                .serverInfo("connectors-control-plane", version)
                .instructions("Each tool is one permitted operation of one of your organization's connectors. Every call"
                        + " is decided by policy: it may run, be denied, or be held for a human approval; read the outcome"
                        + " of a held call with " + ToolCatalog.EXECUTIONS_GET + ".")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(json)
                .jsonSchemaValidator(new SchemaValidator(mapper))
                .build();
        this.protocolVersions = List.copyOf(transport.protocolVersions());
    }

    /** The revisions initialize negotiates and the MCP-Protocol-Version header may name, oldest first. */
    List<String> protocolVersions() {
        return protocolVersions;
    }

    /** One POSTed body: a JSON-RPC request (answered) or notification (202). Never fails. */
    Uni<Reply> handle(McpCaller caller, byte[] body) {
        return Uni.createFrom().deferred(() -> dispatch(caller, body)).onFailure().recoverWithItem(failure -> {
            String incident = UUID.randomUUID().toString();
            LOG.errorf(failure, "MCP message failed unexpectedly, incident %s", incident);
            return new Reply(200, new UnidentifiedError(McpSchema.JSONRPC_VERSION, null,
                    error(McpSchema.ErrorCodes.INTERNAL_ERROR, "Internal error; incident " + incident)));
        });
    }

    private Uni<Reply> dispatch(McpCaller caller, byte[] body) {
        JsonNode message;
        try {
            message = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            message = null;
        }
        if (message == null || message.isMissingNode()) {
            return invalid(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: the body is not JSON");
        }
        if (message.isArray()) {
            return invalid(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: batches are not supported");
        }
        if (!message.isObject()) {
            return invalid(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: expected a JSON-RPC object");
        }
        JsonNode id = message.get("id");
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        Object replyId = validId ? (id.isTextual() ? id.textValue() : id.numberValue()) : null;
        if (!"2.0".equals(message.path("jsonrpc").textValue())) {
            return invalid(replyId, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: jsonrpc must be \"2.0\"");
        }
        JsonNode method = message.get("method");
        if (method == null || !method.isTextual()) {
            // A response would answer a request of ours; a stateless server sends none.
            return invalid(replyId, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "Invalid request: expected a request or notification with a method");
        }
        if (id != null && !validId) {
            return invalid(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: id must be a string or an integer");
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            return id == null ? invalid(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid request: params must be an object")
                    : answer(replyId, error(McpSchema.ErrorCodes.INVALID_PARAMS, "Invalid params: params must be an object"));
        }
        McpTransportContext context = McpTransportContext.create(Map.of(CALLER, caller));
        if (id == null) {
            McpSchema.JSONRPCNotification notification = json.convertValue(message, McpSchema.JSONRPCNotification.class);
            return fromMono(transport.handler.handleNotification(context, notification))
                    .onFailure().invoke(failure -> LOG.warnf("MCP notification %s failed: %s", printable(method.textValue()), failure.toString()))
                    .onItemOrFailure().transform((ignored, failure) -> Reply.accepted());
        }
        // The JSON-RPC response, or for tools/list its already serialised form.
        Uni<Object> response = switch (method.textValue()) {
            case McpSchema.METHOD_TOOLS_LIST -> list(caller, params).map(page -> new SerialisedResult(replyId, page));
            case McpSchema.METHOD_TOOLS_CALL -> Uni.createFrom().deferred(() -> calls.call(caller, params))
                    .map(result -> McpSchema.JSONRPCResponse.result(replyId, result));
            default -> fromMono(transport.handler.handleRequest(context,
                    json.convertValue(message, McpSchema.JSONRPCRequest.class)));
        };
        return response
                .onFailure().recoverWithItem(failure -> McpSchema.JSONRPCResponse.error(replyId, toError(failure, method.textValue())))
                .map(answered -> new Reply(200, answered));
    }

    /** The page's result as JSON written once per page and catalog generation (ToolCatalog). */
    private Uni<byte[]> list(McpCaller caller, JsonNode params) {
        JsonNode cursor = params == null ? null : params.get("cursor");
        if (cursor != null && !cursor.isNull() && !cursor.isTextual()) {
            return Uni.createFrom().failure(McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("Invalid cursor").build());
        }
        return Uni.createFrom().item(() -> catalog.serialisedPage(caller, cursor == null || cursor.isNull() ? null : cursor.textValue()));
    }

    private static McpSchema.JSONRPCResponse.JSONRPCError toError(Throwable failure, String method) {
        if (failure instanceof McpError mcp && mcp.getJsonRpcError() != null) {
            return mcp.getJsonRpcError();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(failure, "MCP %s failed unexpectedly, incident %s", printable(method), incident);
        return error(McpSchema.ErrorCodes.INTERNAL_ERROR, "Internal error; incident " + incident);
    }

    private static McpSchema.JSONRPCResponse.JSONRPCError error(int code, String message) {
        return new McpSchema.JSONRPCResponse.JSONRPCError(code, message, null);
    }

    private static Uni<Reply> invalid(Object id, int code, String message) {
        return Uni.createFrom().item(new Reply(400, id == null
                ? new UnidentifiedError(McpSchema.JSONRPC_VERSION, null, error(code, message))
                : McpSchema.JSONRPCResponse.error(id, error(code, message))));
    }

    private static Uni<Reply> answer(Object id, McpSchema.JSONRPCResponse.JSONRPCError error) {
        return Uni.createFrom().item(new Reply(200, McpSchema.JSONRPCResponse.error(id, error)));
    }

    /** Reactor to Mutiny: the SDK's Monos complete on the caller's thread (no scheduler), so this never blocks. */
    private static <T> Uni<T> fromMono(Mono<? extends T> mono) {
        return Uni.createFrom().completionStage(mono::toFuture);
    }

    /** A reply's body as UTF-8 JSON; a pre-serialised result is copied in as it is. */
    byte[] write(Object response) {
        try {
            if (response instanceof SerialisedResult serialised) {
                byte[] head = ("{\"jsonrpc\":\"" + McpSchema.JSONRPC_VERSION + "\",\"id\":"
                        + mapper.writeValueAsString(serialised.id()) + ",\"result\":").getBytes(StandardCharsets.UTF_8);
                byte[] body = Arrays.copyOf(head, head.length + serialised.result().length + 1);
                System.arraycopy(serialised.result(), 0, body, head.length, serialised.result().length);
                body[body.length - 1] = '}';
                return body;
            }
            return mapper.writeValueAsBytes(response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void close() {
        server.close();
    }

    private static String printable(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }

    /** Unused by the SDK here (no tool of its own, no output schema), but required to build its server. */
    static final class SchemaValidator implements io.modelcontextprotocol.json.schema.JsonSchemaValidator {

        private final ObjectMapper mapper;

        SchemaValidator(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public ValidationResponse validate(Map<String, Object> schema, Object value) {
            try {
                com.networknt.schema.JsonSchema compiled = com.networknt.schema.JsonSchemaFactory
                        .getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012).getSchema(mapper.valueToTree(schema));
                JsonNode node = mapper.valueToTree(value);
                var messages = compiled.validate(node);
                return messages.isEmpty() ? ValidationResponse.asValid(mapper.writeValueAsString(node))
                        : ValidationResponse.asInvalid(messages.toString());
            } catch (JsonProcessingException | RuntimeException e) {
                return ValidationResponse.asInvalid("The schema or the value cannot be validated");
            }
        }
    }
}
