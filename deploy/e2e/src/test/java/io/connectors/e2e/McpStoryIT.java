package io.connectors.e2e;

import io.connectors.types.crowdstrike.FakeCrowdStrike;
import io.connectors.types.testing.RecordedRequest;
import io.connectors.types.testing.Reply;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP chapter of the story, on the running local stack through the gateway's public {@code /mcp} with real
 * Keycloak tokens and the official MCP Java SDK's client over Streamable HTTP: acme's agent (the realm's
 * {@code acme-agent}, claim {@code agent_id}) finds its CrowdStrike connector's permitted operations as tools, reads
 * detections at once, asks for a containment that waits for a second person's approval, and learns the outcome with
 * {@code executions__get}; the audit trail names the agent in each of the call's records, once; globex's agent sees
 * and reaches none of it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpStoryIT {

    /** acme-agent's {@code agent_id} claim (deploy/local/keycloak/connectors-realm.json). */
    private static final String ACME_AGENT = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
    private static final String HOST = "fedcba9876543210fedcba9876543210";
    private static final String CONTAIN_PATH = "/devices/entities/devices-actions/v2";
    private static final String EXECUTIONS_GET = "executions__get";
    private static final String META_CONNECTOR = "io.connectors/connector_id";
    private static final String META_OPERATION = "io.connectors/operation";
    private static final String META_EXECUTION = "io.connectors/execution_id";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** The client validates only tools with an output schema, which this server does not declare. */
    private static final JsonSchemaValidator NO_OUTPUT_SCHEMAS = (schema, value) -> JsonSchemaValidator.ValidationResponse.asValid(null);

    private static final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private static FakeCrowdStrike falcon;
    private static String connectorId;
    private static String otherAgentsConnectorId;
    private static String readTool;
    private static String containTool;
    private static String readExecutionId;
    private static String containExecutionId;
    private static String approvalId;

    @BeforeAll
    static void startTheVendor() {
        RestAssured.baseURI = System.getProperty("e2e.base-url", "http://127.0.0.1:8080");
        falcon = new FakeCrowdStrike();
        falcon.authorized("GET", "/alerts/queries/alerts/v2", request -> FakeCrowdStrike.page(List.of("ind:mcp:1"), 0, 1, 1));
        falcon.authorized("POST", "/alerts/entities/alerts/v2", request -> Reply.json(200, "{" + FakeCrowdStrike.META
                + "}, \"resources\": [{\"composite_id\": \"ind:mcp:1\", \"severity_name\": \"High\"}], \"errors\": []}"));
        falcon.authorized("POST", CONTAIN_PATH, request -> Reply.json(202, "{" + FakeCrowdStrike.META
                + "}, \"resources\": [{\"id\": \"" + HOST + "\", \"path\": \"\"}], \"errors\": []}"));
    }

    @AfterAll
    static void stopTheVendor() {
        for (String id : new String[] {connectorId, otherAgentsConnectorId}) {
            if (id != null) {
                as("acme-admin").queryParam("force", "true").delete("/v1/connectors/{id}", id);
            }
        }
        falcon.close();
    }

    @Test
    @Order(1)
    void anAdminBindsAConnectorToTheAgentAndTheAgentConnects() {
        connectorId = createConnector("e2e-mcp-falcon-" + suffix, ACME_AGENT, List.of("detections:read", "hosts:contain"));
        // Another agent's connector in the same org: acme-agent must not see it.
        otherAgentsConnectorId = createConnector("e2e-mcp-other-agent-" + suffix, UUID.randomUUID().toString(),
                List.of("detections:read"));

        try (McpSyncClient client = client("acme-agent")) {
            McpSchema.InitializeResult init = client.getCurrentInitializationResult();
            assertEquals(ProtocolVersions.MCP_2025_11_25, init.protocolVersion());
            assertEquals("connectors-control-plane", init.serverInfo().name());
            assertNotNull(init.capabilities().tools(), "the server offers tools");
            assertNotNull(client.ping());
        }
    }

    @Test
    @Order(2)
    void theAgentListsOneToolPerPermittedOperationOfItsOwnConnectorsOnly() {
        // execution-service learns connectors from Kafka: the next list after its read model has them shows them. A
        // token without agent_id (acme's deployer) sees the whole org, the other agent's connector too.
        Map<String, McpSchema.Tool> org = await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(
                () -> tools("acme-deployer"), listed -> toolsOf(listed, connectorId).size() == 2
                        && toolsOf(listed, otherAgentsConnectorId).size() == 1);
        Map<String, McpSchema.Tool> tools = tools("acme-agent");
        Map<String, McpSchema.Tool> mine = toolsOf(tools, connectorId);
        assertEquals(Set.of("detections:read", "hosts:contain"),
                mine.values().stream().map(tool -> tool.meta().get(META_OPERATION)).collect(Collectors.toSet()),
                "the type's other operations (hosts:read, hosts:lift_containment) are no tools: " + mine.keySet());
        readTool = "e2e-mcp-falcon-" + suffix + "__detections_read";
        containTool = "e2e-mcp-falcon-" + suffix + "__hosts_contain";
        McpSchema.Tool read = mine.get(readTool);
        McpSchema.Tool contain = mine.get(containTool);
        assertNotNull(read, "named <connector>__<operation>: " + mine.keySet());
        assertNotNull(contain, "named <connector>__<operation>: " + mine.keySet());
        assertEquals(Boolean.TRUE, read.annotations().readOnlyHint());
        assertEquals(Boolean.TRUE, contain.annotations().destructiveHint());
        assertEquals(Boolean.FALSE, contain.annotations().readOnlyHint());
        assertEquals("object", read.inputSchema().get("type"));
        assertTrue(tools.containsKey(EXECUTIONS_GET), "the built-in tool: " + tools.keySet());
        assertTrue(toolsOf(tools, otherAgentsConnectorId).isEmpty(), "another agent's connector is listed to acme-agent");
        tools.keySet().forEach(name -> assertTrue(name.matches("[A-Za-z0-9_.-]{1,128}"), name));
        assertTrue(org.keySet().containsAll(mine.keySet()), "the deployer's list names the agent's tools alike");
    }

    @Test
    @Order(3)
    void aReadCallRunsAtOnceAgainstTheVendorWithTheConnectorsCredentials() {
        String agentToken = Tokens.of("acme-agent");
        int readsBefore = falcon.requests("GET", "/alerts/queries/alerts/v2").size();
        McpSchema.CallToolResult result = call("acme-agent", readTool, Map.of("limit", 10));
        assertNotEquals(Boolean.TRUE, result.isError(), text(result));
        assertEquals("ind:mcp:1", ((Map<?, ?>) ((List<?>) structured(result).get("detections")).get(0)).get("composite_id"),
                text(result));
        assertTrue(text(result).contains("ind:mcp:1"), "a text copy of the result: " + text(result));
        assertFalse(text(result).contains(FakeCrowdStrike.CLIENT_SECRET));
        readExecutionId = (String) result.meta().get(META_EXECUTION);
        assertNotNull(readExecutionId, "the result names its execution: " + result.meta());

        // Falcon saw the connector's own OAuth token, never the agent's.
        List<RecordedRequest> reads = falcon.requests("GET", "/alerts/queries/alerts/v2");
        assertEquals(readsBefore + 1, reads.size());
        String authorization = reads.get(reads.size() - 1).header("Authorization");
        assertTrue(authorization.startsWith("Bearer falcon-token-"), authorization);
        falcon.requests("POST", "/oauth2/token").forEach(token -> assertFalse(token.text().contains(agentToken)));

        McpSchema.CallToolResult view = call("acme-agent", EXECUTIONS_GET, Map.of("execution_id", readExecutionId));
        assertEquals("success", structured(view).get("status"), text(view));
        assertEquals("acme-agent", ((Map<?, ?>) structured(view).get("requested_by")).get("username"), text(view));
    }

    @Test
    @Order(4)
    void aDestructiveCallIsHeldForApprovalAndAnotherPersonApprovesIt() {
        McpSchema.CallToolResult held = call("acme-agent", containTool, Map.of("ids", List.of(HOST)));
        assertNotEquals(Boolean.TRUE, held.isError(), text(held));
        Map<String, Object> answer = structured(held);
        assertEquals("pending_approval", answer.get("status"), text(held));
        approvalId = (String) answer.get("approval_id");
        containExecutionId = (String) answer.get("execution_id");
        assertNotNull(approvalId, text(held));
        assertNotNull(containExecutionId, text(held));
        assertNotNull(answer.get("expires_at"), text(held));
        assertTrue(text(held).contains(approvalId) && text(held).contains(EXECUTIONS_GET) && text(held).contains(containExecutionId),
                "the text tells the agent how to learn the outcome: " + text(held));
        assertTrue(falcon.requests("POST", CONTAIN_PATH).isEmpty(), "contained before approval");
        assertEquals("pending_approval", statusOf("acme-agent", containExecutionId));

        List<String> pending = as("acme-approver").queryParam("status", "pending").get("/v1/approvals")
                .then().statusCode(200).extract().path("approvals.id");
        assertTrue(pending.contains(approvalId), "approval not listed as pending: " + pending);
        // The agent (role deployer) cannot approve its own call.
        as("acme-agent").contentType(ContentType.JSON).body("{}").post("/v1/approvals/{id}/approve", approvalId)
                .then().statusCode(403);
        as("acme-approver").contentType(ContentType.JSON).body("{\"reason\": \"agent's containment confirmed\"}")
                .post("/v1/approvals/{id}/approve", approvalId)
                .then().statusCode(200).body("status", equalTo("granted"));
    }

    @Test
    @Order(5)
    void theAgentLearnsTheOutcomeWithExecutionsGet() {
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(
                () -> statusOf("acme-agent", containExecutionId), "success"::equals);
        McpSchema.CallToolResult done = call("acme-agent", EXECUTIONS_GET, Map.of("execution_id", containExecutionId));
        // Executions name people by their token's subject, as requested_by does.
        assertEquals(subjectOf("acme-approver"), structured(done).get("approved_by"), text(done));
        assertEquals(1, falcon.requests("POST", CONTAIN_PATH).size());
        assertEquals(List.of("contain"), falcon.only("POST", CONTAIN_PATH).query().get("action_name"));
    }

    @Test
    @Order(6)
    void theAuditTrailHoldsEachCallsRecordsOnceWithTheAgentAsActor() {
        List<Map<String, Object>> events = await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(
                () -> as("acme-auditor").queryParam("connector_id", connectorId).queryParam("limit", 200)
                        .get("/v1/audit/events").then().statusCode(200).extract().<List<Map<String, Object>>>path("events"),
                list -> executedStatuses(about(list, readExecutionId)).containsAll(List.of("running", "success"))
                        && executedStatuses(about(list, containExecutionId)).contains("success")
                        && list.stream().anyMatch(e -> "approval.granted".equals(e.get("action"))));
        assertEquals(events.size(), events.stream().map(e -> e.get("id")).distinct().count(), "an event is stored twice");
        assertFalse(events.toString().contains(FakeCrowdStrike.CLIENT_SECRET), "the audit trail shows the secret");

        // The read: one decision, running, success; each record once and each naming the agent.
        List<Map<String, Object>> read = about(events, readExecutionId);
        assertEquals(1, read.stream().filter(e -> "policy.decided".equals(e.get("action"))).count(), read.toString());
        assertEquals(List.of("running", "success"), executedStatuses(read).stream().sorted().toList(), read.toString());
        read.forEach(e -> assertTrue(namesTheAgent(e), "a record of the agent's call names someone else: " + e));

        // The containment: held (pending decision), approved by acme-approver, then run for the agent.
        List<Map<String, Object>> contain = about(events, containExecutionId);
        assertEquals(1, executedStatuses(contain).stream().filter("success"::equals).count(), contain.toString());
        contain.stream().filter(e -> "connector.executed".equals(e.get("action")))
                .forEach(e -> assertTrue(namesTheAgent(e), "the approved execution is not the agent's: " + e));
        List<Map<String, Object>> granted = events.stream().filter(e -> "approval.granted".equals(e.get("action"))).toList();
        assertEquals(1, granted.size(), granted.toString());
        assertEquals("acme-approver", ((Map<?, ?>) granted.get(0).get("actor")).get("username"));

        as("acme-auditor").get("/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    @Order(7)
    void anotherOrgsAgentSeesAndReachesNoneOfIt() {
        int containments = falcon.requests("POST", CONTAIN_PATH).size();
        Map<String, McpSchema.Tool> globex = tools("globex-agent");
        assertTrue(toolsOf(globex, connectorId).isEmpty(), "globex's agent lists acme's connector");
        assertFalse(globex.containsKey(readTool) || globex.containsKey(containTool), globex.keySet().toString());
        for (String tool : List.of(readTool, containTool)) {
            Map<String, Object> arguments = tool.equals(readTool) ? Map.of("limit", 1) : Map.of("ids", List.of(HOST));
            McpError refused = assertThrows(McpError.class, () -> call("globex-agent", tool, arguments));
            assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, refused.getJsonRpcError().code(), "an unknown tool to globex");
        }
        McpSchema.CallToolResult foreign = call("globex-agent", EXECUTIONS_GET, Map.of("execution_id", readExecutionId));
        assertEquals(Boolean.TRUE, foreign.isError(), "globex reads acme's execution: " + text(foreign));
        assertNull(structured(foreign), text(foreign));
        assertEquals(containments, falcon.requests("POST", CONTAIN_PATH).size());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String createConnector(String name, String agentId, List<String> operations) {
        return as("acme-admin").contentType(ContentType.JSON).body(Map.of(
                        "name", name,
                        "agent_id", agentId,
                        "connector_type", "crowdstrike",
                        "permitted_operations", operations,
                        "credentials", Map.of("client_id", FakeCrowdStrike.CLIENT_ID,
                                "client_secret", FakeCrowdStrike.CLIENT_SECRET, "base_url", falcon.url())))
                .post("/v1/connectors")
                .then().statusCode(201).extract().path("id");
    }

    /** An initialized SDK client on the gateway's /mcp with the user's realm token, as an agent connects. */
    private static McpSyncClient client(String user) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(RestAssured.baseURI)
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + Tokens.of(user)))
                // the newest last: the client asks for it at initialize
                .supportedProtocolVersions(List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18,
                        ProtocolVersions.MCP_2025_11_25))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .jsonSchemaValidator(NO_OUTPUT_SCHEMAS).build();
        client.initialize();
        return client;
    }

    private static <T> T with(String user, Function<McpSyncClient, T> work) {
        try (McpSyncClient client = client(user)) {
            return work.apply(client);
        }
    }

    /** Every page of the user's tools/list, by name. */
    private static Map<String, McpSchema.Tool> tools(String user) {
        return with(user, client -> {
            Map<String, McpSchema.Tool> all = new HashMap<>();
            String cursor = null;
            int pages = 0;
            do {
                McpSchema.ListToolsResult page = client.listTools(cursor);
                page.tools().forEach(tool -> assertNull(all.put(tool.name(), tool), "listed twice: " + tool.name()));
                cursor = page.nextCursor();
            } while (cursor != null && ++pages < 1000);
            return all;
        });
    }

    private static Map<String, McpSchema.Tool> toolsOf(Map<String, McpSchema.Tool> tools, String connector) {
        return tools.entrySet().stream()
                .filter(e -> e.getValue().meta() != null && Objects.equals(connector, e.getValue().meta().get(META_CONNECTOR)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static McpSchema.CallToolResult call(String user, String tool, Map<String, Object> arguments) {
        return with(user, client -> client.callTool(new McpSchema.CallToolRequest(tool, arguments)));
    }

    private static String statusOf(String user, String executionId) {
        McpSchema.CallToolResult read = call(user, EXECUTIONS_GET, Map.of("execution_id", executionId));
        assertNotEquals(Boolean.TRUE, read.isError(), text(read));
        return (String) structured(read).get("status");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(McpSchema.TextContent.class::isInstance)
                .map(content -> ((McpSchema.TextContent) content).text()).collect(Collectors.joining("\n"));
    }

    /** The records about one execution: its target, or its id in the details. */
    private static List<Map<String, Object>> about(List<Map<String, Object>> events, String executionId) {
        return events.stream().filter(e -> {
            Object target = e.get("target");
            Object details = e.get("details");
            return target instanceof Map<?, ?> t && "execution".equals(t.get("type")) && executionId.equals(t.get("id"))
                    || details instanceof Map<?, ?> d && executionId.equals(d.get("execution_id"));
        }).toList();
    }

    private static List<String> executedStatuses(List<Map<String, Object>> events) {
        return events.stream().filter(e -> "connector.executed".equals(e.get("action")))
                .map(e -> e.get("details") instanceof Map<?, ?> d ? String.valueOf(d.get("status")) : "?").toList();
    }

    /** The agent acted: as the record's user, or as the user a service acted for. */
    private static boolean namesTheAgent(Map<String, Object> event) {
        Map<?, ?> actor = (Map<?, ?>) event.get("actor");
        return actor != null && ("acme-agent".equals(actor.get("username")) || "acme-agent".equals(actor.get("on_behalf_of")));
    }

    private static String subjectOf(String user) {
        String payload = Tokens.of(user).split("\\.")[1];
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).getString("sub");
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user));
    }
}
