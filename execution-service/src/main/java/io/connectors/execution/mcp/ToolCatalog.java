package io.connectors.execution.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.connector.Connector;
import io.connectors.execution.connector.ConnectorReadModel;
import io.connectors.types.ConnectorCatalog;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.OperationClass;
import io.connectors.types.OperationDefinition;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tools a caller sees: one per permitted operation of each enabled connector with credentials of the caller's
 * org (only the connectors bound to the token's agent, when it names one), plus the built-in tools. Built from the
 * read model and the connector-type catalog, and kept per org (and agent) until the read model changes, so a list
 * page or a call's name lookup is a map read, not a scan of every connector. Each page is also kept serialised, once
 * asked for: a page of 100 tools with their schemas is ~100 KB of JSON, and writing it again for every tools/list was
 * most of that request's cost (BENCHMARKS.md, issue 15). Serialised pages are bounded in total size.
 */
@ApplicationScoped
public class ToolCatalog {

    /** Reads an execution's status and outcome: how an agent learns what became of a call held for approval. */
    static final String EXECUTIONS_GET = "executions__get";
    static final String META_CONNECTOR = "io.connectors/connector_id";
    static final String META_OPERATION = "io.connectors/operation";
    private static final Set<String> BUILT_IN = Set.of(EXECUTIONS_GET);
    private static final int MAX_CACHED_SCOPES = 10_000;
    /** Bytes of serialised pages kept over all scopes. */
    private static final long MAX_PAGE_BYTES = 64L << 20;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** What a tool name stands for: an operation of a connector, or a built-in tool (null connector). */
    record Target(String connectorId, String operation, boolean builtIn) {
    }

    /**
     * One caller scope's tools, sorted by name (the order cursors walk), the name index, and the pages serialised so
     * far, by the index of their first tool.
     */
    record Tools(List<McpSchema.Tool> sorted, Map<String, Target> byName, ConcurrentMap<Integer, byte[]> pages) {

        Tools(List<McpSchema.Tool> sorted, Map<String, Target> byName) {
            this(sorted, byName, new ConcurrentHashMap<>());
        }
    }

    private record Cached(long generation, Tools tools) {
    }

    /** The parts of a tool that depend only on the operation: shared by every connector of the type. */
    private record OperationTool(Map<String, Object> inputSchema, McpSchema.ToolAnnotations annotations) {
    }

    private record OperationKey(String type, int majorVersion, String operation) {
    }

    private final ConnectorReadModel connectors;
    private final ConnectorCatalog types;
    private final ObjectMapper mapper;
    private final int pageSize;
    private final McpSchema.Tool executionsGet;
    private final ConcurrentMap<String, Cached> byScope = new ConcurrentHashMap<>();
    private final ConcurrentMap<OperationKey, OperationTool> operationTools = new ConcurrentHashMap<>();
    /** Serialised page bytes counted since the last clear (pages of replaced scopes included: an overestimate). */
    private final AtomicLong pageBytes = new AtomicLong();

    ToolCatalog(ConnectorReadModel connectors, ConnectorCatalog types, ObjectMapper mapper, McpConfig config) {
        this.connectors = connectors;
        this.types = types;
        this.mapper = mapper;
        this.pageSize = Math.max(1, config.pageSize());
        this.executionsGet = executionsGetTool();
    }

    /**
     * One page of tools/list as the UTF-8 JSON of its ListToolsResult, written once per page and catalog generation;
     * an unreadable cursor is invalid params (-32602), as MCP asks.
     */
    byte[] serialisedPage(McpCaller caller, String cursor) {
        Tools tools = tools(caller);
        int from = start(tools.sorted(), cursor);
        byte[] known = tools.pages().get(from);
        if (known != null) {
            return known;
        }
        byte[] written;
        try {
            written = mapper.writeValueAsBytes(page(tools.sorted(), from));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A tools/list page could not be serialised", e);
        }
        if (pageBytes.addAndGet(written.length) > MAX_PAGE_BYTES) {
            // Over the budget: start again from nothing rather than track each page's age.
            byScope.clear();
            pageBytes.set(written.length);
        }
        tools.pages().putIfAbsent(from, written);
        return written;
    }

    /** The index of the first tool after the cursor's name: pages stay consistent while connectors come and go. */
    private static int start(List<McpSchema.Tool> sorted, String cursor) {
        if (cursor == null) {
            return 0;
        }
        String after = decodeCursor(cursor);
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted.get(mid).name().compareTo(after) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private McpSchema.ListToolsResult page(List<McpSchema.Tool> sorted, int from) {
        int to = Math.min(sorted.size(), from + pageSize);
        String next = to < sorted.size() ? encodeCursor(sorted.get(to - 1).name()) : null;
        return new McpSchema.ListToolsResult(List.copyOf(sorted.subList(from, to)), next);
    }

    /** What a tool name of this caller's stands for, or null. */
    Target find(McpCaller caller, String name) {
        return name == null ? null : tools(caller).byName().get(name);
    }

    Tools tools(McpCaller caller) {
        String scope = caller.scope();
        long generation = connectors.generation();
        Cached cached = byScope.get(scope);
        if (cached != null && cached.generation() == generation) {
            return cached.tools();
        }
        Tools built = build(caller);
        if (byScope.size() >= MAX_CACHED_SCOPES) {
            byScope.clear();
        }
        byScope.put(scope, new Cached(generation, built));
        return built;
    }

    private Tools build(McpCaller caller) {
        List<ToolNames.Candidate> candidates = new ArrayList<>();
        Map<ToolNames.Candidate, Connector> connectorOf = new HashMap<>();
        Map<ToolNames.Candidate, ConnectorTypeDefinition> typeOf = new HashMap<>();
        Map<ToolNames.Candidate, OperationDefinition> operationOf = new HashMap<>();
        for (Connector connector : connectors.inOrg(caller.orgId())) {
            if (!connector.enabled() || !connector.hasCredentials()
                    || caller.agentId() != null && !caller.agentId().equals(connector.agentId())) {
                continue;
            }
            Optional<ConnectorTypeDefinition> type = types.version(connector.type(), connector.majorVersion());
            if (type.isEmpty()) {
                continue;
            }
            for (String permitted : connector.permittedOperations()) {
                Optional<OperationDefinition> operation = type.get().operation(permitted);
                if (operation.isPresent()) {
                    ToolNames.Candidate candidate = new ToolNames.Candidate(connector.id(), connector.name(), permitted);
                    candidates.add(candidate);
                    connectorOf.put(candidate, connector);
                    typeOf.put(candidate, type.get());
                    operationOf.put(candidate, operation.get());
                }
            }
        }
        Map<ToolNames.Candidate, String> names = ToolNames.assign(candidates, BUILT_IN);
        List<McpSchema.Tool> tools = new ArrayList<>(candidates.size() + BUILT_IN.size());
        Map<String, Target> byName = new HashMap<>();
        tools.add(executionsGet);
        byName.put(EXECUTIONS_GET, new Target(null, null, true));
        for (ToolNames.Candidate candidate : candidates) {
            String name = names.get(candidate);
            tools.add(tool(name, connectorOf.get(candidate), typeOf.get(candidate), operationOf.get(candidate)));
            byName.put(name, new Target(candidate.connectorId(), candidate.operation(), false));
        }
        tools.sort(Comparator.comparing(McpSchema.Tool::name));
        return new Tools(List.copyOf(tools), Map.copyOf(byName));
    }

    private McpSchema.Tool tool(String name, Connector connector, ConnectorTypeDefinition type, OperationDefinition operation) {
        OperationTool shared = operationTools.computeIfAbsent(
                new OperationKey(type.id(), type.majorVersion(), operation.name()), key -> operationTool(operation));
        String title = connector.name() + ": " + operation.name();
        String description = operation.description() + " (" + type.name() + " connector \"" + connector.name() + "\", "
                + operation.operationClass().json() + " operation.) Every call is checked against the connector's"
                + " permitted operations and decided by the org's policy, which may deny it or hold it for a human"
                + " approval; every call is audited.";
        return McpSchema.Tool.builder().name(name).title(title).description(description)
                .inputSchema(shared.inputSchema())
                .annotations(new McpSchema.ToolAnnotations(title, shared.annotations().readOnlyHint(),
                        shared.annotations().destructiveHint(), shared.annotations().idempotentHint(),
                        shared.annotations().openWorldHint(), null))
                .meta(Map.of(META_CONNECTOR, connector.id(), META_OPERATION, operation.name()))
                .build();
    }

    private OperationTool operationTool(OperationDefinition operation) {
        Map<String, Object> schema = mapper.convertValue(operation.paramsSchema(), MAP);
        OperationClass kind = operation.operationClass();
        // destructiveHint is meaningful only for a tool that writes: a write is additive, a destructive op is not.
        McpSchema.ToolAnnotations annotations = new McpSchema.ToolAnnotations(null, kind == OperationClass.READ,
                kind == OperationClass.READ ? null : kind == OperationClass.DESTRUCTIVE, operation.idempotent(), true, null);
        return new OperationTool(java.util.Collections.unmodifiableMap(schema), annotations);
    }

    private static McpSchema.Tool executionsGetTool() {
        Map<String, Object> schema = Map.of("type", "object", "additionalProperties", false,
                "required", List.of("execution_id"),
                "properties", Map.of("execution_id", Map.of("type", "string", "format", "uuid",
                        "description", "The execution_id a connector tool answered")));
        String title = "Execution status";
        return McpSchema.Tool.builder().name(EXECUTIONS_GET).title(title)
                .description("Reads an execution of your organization: its status (pending_approval, running, success,"
                        + " denied, error, cancelled, ...), its result once it succeeded, or its error. Use it to learn"
                        + " the outcome of a call that was held for approval.")
                .inputSchema(schema)
                .annotations(new McpSchema.ToolAnnotations(title, true, null, true, false, null))
                .build();
    }

    static String encodeCursor(String lastName) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + lastName).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith("after:")) {
                return decoded.substring("after:".length());
            }
        } catch (IllegalArgumentException e) {
            // not base64: invalid as well
        }
        throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("Invalid cursor").build();
    }
}
