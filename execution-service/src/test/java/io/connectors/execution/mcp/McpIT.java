package io.connectors.execution.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.ExecutionServiceProfile;
import io.connectors.execution.testing.ApprovalSigning;
import io.connectors.execution.testing.EchoSystem;
import io.connectors.execution.testing.EchoType;
import io.connectors.execution.testing.Eventually;
import io.connectors.execution.testing.PolicyFake;
import io.connectors.execution.testing.TestConnector;
import io.connectors.execution.testing.TopicRecords;
import io.connectors.execution.testing.VendorStub;
import io.connectors.execution.testing.VendorStub.Reply;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.json.CanonicalJson;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.platform.testing.KafkaServer;
import io.connectors.platform.testing.KeycloakServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.connectors.execution.testing.Api.ACME;
import static io.connectors.execution.testing.Api.GLOBEX;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /mcp} driven by the official MCP Java SDK's client over Streamable HTTP, with the realm's tokens, on the real
 * servers; transport-level refusals and malformed JSON-RPC with plain HTTP, since a well-behaved client cannot send
 * them.
 */
@QuarkusTest
@TestProfile(ExecutionServiceProfile.class)
class McpIT {

    private static final String CANARY = "canary-mcp-9d41";
    private static final String OTHER_AGENT = "c3d4e5f6-a7b8-4c9d-8e0f-123456789abc";
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final VendorStub VENDOR = new VendorStub();
    /** The client's validator is used only for tools with an output schema, which this server does not declare. */
    private static final JsonSchemaValidator NO_OUTPUT_SCHEMAS = (schema, value) -> JsonSchemaValidator.ValidationResponse.asValid(null);

    @Inject
    SecretCipher cipher;

    @AfterAll
    static void stopVendor() {
        VENDOR.close();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String baseUrl() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    private static McpSyncClient client(String user) {
        return client(user, List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25));
    }

    private static McpSyncClient client(String user, List<String> versions) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUrl())
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + KeycloakServer.get().token(user)))
                .supportedProtocolVersions(versions)
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .jsonSchemaValidator(NO_OUTPUT_SCHEMAS).build();
        client.initialize();
        return client;
    }

    private static <T> T with(String user, Function<McpSyncClient, T> work) {
        try (McpSyncClient client = client(user)) {
            return work.apply(client);
        }
    }

    private static Map<String, McpSchema.Tool> tools(String user) {
        return with(user, client -> client.listTools().tools().stream()
                .collect(Collectors.toMap(McpSchema.Tool::name, tool -> tool)));
    }

    private static McpSchema.CallToolResult call(String user, String tool, Map<String, Object> arguments) {
        return with(user, client -> client.callTool(new McpSchema.CallToolRequest(tool, arguments)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private TestConnector echo(String org, String name, String... operations) {
        return TestConnector.of(org, EchoType.ID).named(name).permitting(operations)
                .credentials("{\"user\":\"svc-user\",\"secret\":\"" + CANARY + "\"}").publish(cipher);
    }

    private static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The tool name a connector's operation gets (names here are unique, so without a clash suffix). */
    private static String toolName(TestConnector connector, String operation) {
        return ToolNames.base(connector.name(), operation);
    }

    private static Response post(String user, String body) {
        return RestAssured.given().auth().oauth2(KeycloakServer.get().token(user))
                .contentType("application/json").accept("application/json, text/event-stream")
                .body(body).post("/mcp");
    }

    private static String statusOf(String user, String executionId) {
        McpSchema.CallToolResult read = call(user, ToolCatalog.EXECUTIONS_GET, Map.of("execution_id", executionId));
        assertFalse(read.isError(), text(read));
        return (String) structured(read).get("status");
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Test
    void negotiatesEachSupportedRevisionAtInitialize() {
        for (String version : List.of(ProtocolVersions.MCP_2025_11_25, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_03_26)) {
            try (McpSyncClient client = client("acme-viewer", List.of(version))) {
                McpSchema.InitializeResult init = client.getCurrentInitializationResult();
                assertEquals(version, init.protocolVersion());
                assertEquals("connectors-control-plane", init.serverInfo().name());
                assertNotNull(init.capabilities().tools(), "tools capability");
                assertNotNull(client.ping());
            }
        }
        // A revision it does not speak: the server answers with its newest, as the spec says.
        post("acme-viewer", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2024-11-05\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"old\",\"version\":\"1\"}}}")
                .then().statusCode(200).contentType("application/json")
                .body("id", equalTo(1)).body("result.protocolVersion", equalTo(ProtocolVersions.MCP_2025_11_25));
    }

    // ------------------------------------------------------------------------------------------------ tools/list

    @Test
    void listsOneToolPerPermittedOperationWithItsSchemaAndAnnotationsAndFollowsChanges() {
        TestConnector connector = echo(ACME, unique("SOC echo"), EchoType.READ, EchoType.PURGE);
        TestConnector disabled = TestConnector.of(ACME, EchoType.ID).named(unique("off")).permitting(EchoType.READ)
                .credentials("{\"user\":\"u\",\"secret\":\"s\"}").enabled(false).publish(cipher);
        TestConnector noCredentials = TestConnector.of(ACME, EchoType.ID).named(unique("bare")).permitting(EchoType.READ).publish(cipher);
        TestConnector globex = echo(GLOBEX, unique("globex echo"), EchoType.READ);

        Map<String, McpSchema.Tool> tools = tools("acme-deployer");
        McpSchema.Tool read = tools.get(toolName(connector, EchoType.READ));
        McpSchema.Tool purge = tools.get(toolName(connector, EchoType.PURGE));
        assertNotNull(read, "the read operation is a tool: " + tools.keySet());
        assertNotNull(purge);
        assertNull(tools.get(toolName(connector, EchoType.WRITE)), "an operation the connector does not permit is no tool");
        assertFalse(tools.containsKey(toolName(disabled, EchoType.READ)), "a disabled connector has no tools");
        assertFalse(tools.containsKey(toolName(noCredentials, EchoType.READ)), "a connector without credentials has no tools");
        assertFalse(tools.containsKey(toolName(globex, EchoType.READ)), "another org's connectors are invisible");
        assertTrue(tools.containsKey(ToolCatalog.EXECUTIONS_GET));
        tools.keySet().forEach(name -> assertTrue(name.matches("[A-Za-z0-9_.-]{1,128}"), name));

        assertTrue(read.name().matches("SOC_echo_[0-9a-f]{8}__echo_read"), read.name());
        assertEquals(connector.name() + ": " + EchoType.READ, read.title());
        assertTrue(read.description().startsWith("Answers the message; read, idempotent."), read.description());
        assertEquals("object", read.inputSchema().get("type"));
        assertTrue(((Map<?, ?>) read.inputSchema().get("properties")).containsKey("message"));
        assertEquals(Boolean.TRUE, read.annotations().readOnlyHint());
        assertEquals(Boolean.TRUE, read.annotations().idempotentHint());
        assertEquals(Boolean.TRUE, read.annotations().openWorldHint());
        assertEquals(Boolean.FALSE, purge.annotations().readOnlyHint());
        assertEquals(Boolean.TRUE, purge.annotations().destructiveHint());
        assertEquals(connector.id, purge.meta().get(ToolCatalog.META_CONNECTOR));

        // The next list follows the read model: the disabled one enabled, the listed one disabled.
        disabled.enabled(true).publish(cipher);
        connector.enabled(false).publish(cipher);
        Map<String, McpSchema.Tool> after = tools("acme-deployer");
        assertTrue(after.containsKey(toolName(disabled, EchoType.READ)));
        assertFalse(after.containsKey(toolName(connector, EchoType.READ)));
    }

    @Test
    void anAgentTokenListsOnlyTheConnectorsBoundToItsAgent() {
        TestConnector mine = echo(ACME, unique("agent's"), EchoType.READ);
        TestConnector other = TestConnector.of(ACME, EchoType.ID).named(unique("other agent's")).agent(OTHER_AGENT)
                .permitting(EchoType.READ).credentials("{\"user\":\"u\",\"secret\":\"s\"}").publish(cipher);

        Set<String> agent = tools("acme-agent").keySet();
        assertTrue(agent.contains(toolName(mine, EchoType.READ)));
        assertFalse(agent.contains(toolName(other, EchoType.READ)));
        Set<String> deployer = tools("acme-deployer").keySet();
        assertTrue(deployer.contains(toolName(mine, EchoType.READ)) && deployer.contains(toolName(other, EchoType.READ)),
                "a token without agent_id sees the whole org");

        // Nor can the agent call the other agent's tool.
        McpError refused = assertThrows(McpError.class, () -> call("acme-agent", toolName(other, EchoType.READ), Map.of()));
        assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, refused.getJsonRpcError().code());
        assertEquals(0, EchoSystem.callsTo(other.id));
    }

    @Test
    void pagesTheListWithCursors() {
        for (int i = 0; i < 9; i++) {
            echo(ACME, unique("paged"), EchoType.READ, EchoType.WRITE, EchoType.PURGE);
        }
        try (McpSyncClient client = client("acme-admin")) {
            List<String> walked = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                McpSchema.ListToolsResult page = client.listTools(cursor);
                assertTrue(page.tools().size() <= 25, "page size");
                page.tools().forEach(tool -> walked.add(tool.name()));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null && pages < 1000);
            assertTrue(pages >= 2, "at least 27 tools on pages of 25");
            assertEquals(walked.size(), new HashSet<>(walked).size(), "no tool twice");
            assertEquals(walked.stream().sorted().toList(), walked, "pages in name order");
            assertEquals(Set.copyOf(walked), client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet()));

            McpError invalid = assertThrows(McpError.class, () -> client.listTools("not-a-cursor"));
            assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, invalid.getJsonRpcError().code());
        }
    }

    // ------------------------------------------------------------------------------------------------ tools/call

    @Test
    void aReadCallRunsThroughTheExecuteFlowAgainstTheVendorAndIsAuditedOnceAsTheAgent() {
        VENDOR.on("/rest/api/3/issue/SEC-7", Reply.json(200, "{\"id\":\"10007\",\"key\":\"SEC-7\",\"self\":\"http://jira/rest/api/3/issue/10007\","
                + "\"fields\":{\"summary\":\"Contain WIN-042\",\"status\":{\"name\":\"To Do\"}}}"));
        TestConnector jira = TestConnector.of(ACME, "jira").typeVersion("2.0.0").named(unique("Acme Jira"))
                .permitting("issues:read").config("{\"project_key\":\"SEC\"}")
                .credentials("{\"base_url\":\"" + VENDOR.url() + "\",\"email\":\"soc@acme.example\",\"api_token\":\"" + CANARY + "\"}")
                .publish(cipher);
        String tool = toolName(jira, "issues:read");
        McpSchema.Tool listed = tools("acme-agent").get(tool);
        assertNotNull(listed);
        assertTrue(((Map<?, ?>) listed.inputSchema().get("properties")).containsKey("issue_key"), "the jira operation's own schema");

        McpSchema.CallToolResult result = call("acme-agent", tool, Map.of("issue_key", "SEC-7"));
        assertFalse(result.isError(), text(result));
        assertEquals("SEC-7", structured(result).get("key"));
        assertTrue(text(result).contains("\"key\":\"SEC-7\""), "a text copy of the result");
        assertFalse(text(result).contains(CANARY));
        assertFalse(structured(result).toString().contains(CANARY));
        String executionId = (String) result.meta().get(ToolResults.META_EXECUTION);
        // The vendor saw the connector's own credentials, never the agent's token.
        String authorization = VENDOR.received("/rest/api/3/issue/SEC-7").get(0).authorization();
        assertTrue(authorization.startsWith("Basic "), authorization);

        McpSchema.CallToolResult view = call("acme-viewer", ToolCatalog.EXECUTIONS_GET, Map.of("execution_id", executionId));
        assertEquals("success", structured(view).get("status"));
        assertEquals("acme-agent", ((Map<?, ?>) structured(view).get("requested_by")).get("username"));

        // Each call once in the trail: the decision, then running and success, each naming the MCP caller.
        List<JsonNode> audit = TopicRecords.await(Topics.AUDIT, r -> r.value() != null && r.value().contains(executionId), 3);
        List<JsonNode> executed = audit.stream().map(r -> r.path("data"))
                .filter(d -> "connector.executed".equals(d.path("action").asText())).toList();
        assertEquals(List.of("running", "success"), executed.stream().map(d -> d.path("details").path("status").asText()).sorted().toList());
        executed.forEach(d -> assertEquals("acme-agent", d.path("actor").path("username").asText()));
        assertEquals(1, audit.stream().filter(r -> "policy.decided".equals(r.path("data").path("action").asText())).count());
        assertFalse(audit.toString().contains(CANARY));
    }

    @Test
    void aDestructiveCallIsHeldForApprovalAndFinishesOnceAnotherUserApproves() {
        TestConnector connector = echo(ACME, unique("held"), EchoType.PURGE);
        PolicyFake.get().answer(connector.id, PolicyFake.Answer.ESCALATE);
        Map<String, Object> params = Map.of("message", "purge WIN-042");

        McpSchema.CallToolResult held = call("acme-deployer", toolName(connector, EchoType.PURGE), params);
        assertFalse(held.isError(), text(held));
        Map<String, Object> answer = structured(held);
        assertEquals("pending_approval", answer.get("status"));
        String approvalId = (String) answer.get("approval_id");
        String executionId = (String) answer.get("execution_id");
        assertNotNull(answer.get("expires_at"));
        assertTrue(text(held).contains(approvalId) && text(held).contains(ToolCatalog.EXECUTIONS_GET)
                && text(held).contains(executionId), text(held));
        assertEquals(0, EchoSystem.callsTo(connector.id), "nothing ran before the approval");
        assertEquals("pending_approval", statusOf("acme-deployer", executionId));

        // policy-service's grant by acme-approver, signed as it signs it.
        ApprovalEvent granted = new ApprovalEvent(approvalId, ACME, ApprovalEvent.Status.GRANTED, executionId,
                (String) answer.get("decision_id"), connector.id, EchoType.PURGE, JSON.valueToTree(params),
                CanonicalJson.sha256(JSON.valueToTree(params)), "acme-deployer", "acme-approver", null,
                Instant.now().plus(Duration.ofHours(1)), Instant.now());
        KafkaServer.get().companion().produceStrings().fromRecords(new ProducerRecord<>(Topics.APPROVALS, approvalId,
                        ApprovalSigning.signed(EventEnvelope.of("/policy-service", EventTypes.APPROVAL, approvalId, ACME, granted),
                                ApprovalSigning.TRUSTED)))
                .awaitCompletion(Duration.ofSeconds(30));

        Eventually.until(() -> statusOf("acme-deployer", executionId), "success"::equals, "the approved execution to succeed");
        McpSchema.CallToolResult done = call("acme-deployer", ToolCatalog.EXECUTIONS_GET, Map.of("execution_id", executionId));
        assertEquals("acme-approver", structured(done).get("approved_by"));
        assertEquals("purge WIN-042", ((Map<?, ?>) structured(done).get("result")).get("message"));
        assertEquals(1, EchoSystem.callsOf(executionId));
    }

    @Test
    void aDeniedCallIsAnErrorResultWithThePolicyReasonAndNeverRuns() {
        TestConnector connector = echo(ACME, unique("denied"), EchoType.PURGE);
        PolicyFake.get().answer(connector.id, PolicyFake.Answer.DENY);
        McpSchema.CallToolResult denied = call("acme-admin", toolName(connector, EchoType.PURGE), Map.of());
        assertTrue(denied.isError());
        assertTrue(text(denied).contains("no-destructive-on-fridays"), text(denied));
        assertEquals("denied", structured(denied).get("status"));
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void invalidArgumentsAreAnErrorResultNamingEachField() {
        TestConnector connector = echo(ACME, unique("strict"), EchoType.READ);
        McpSchema.CallToolResult invalid = call("acme-admin", toolName(connector, EchoType.READ),
                Map.of("limit", 0, "message", 5, "bogus", true));
        assertTrue(invalid.isError());
        @SuppressWarnings("unchecked")
        List<Map<String, String>> errors = (List<Map<String, String>>) structured(invalid).get("errors");
        Set<String> fields = errors.stream().map(error -> error.get("field")).collect(Collectors.toSet());
        assertTrue(fields.containsAll(Set.of("params.limit", "params.message")), fields.toString());
        assertTrue(fields.stream().anyMatch(field -> field.contains("bogus")) || text(invalid).contains("bogus"), fields.toString());
        assertTrue(text(invalid).contains("params.limit") && text(invalid).contains("params.message"), text(invalid));
        assertEquals(0, EchoSystem.callsTo(connector.id));
    }

    @Test
    void anUnknownToolOrAnotherOrgsToolIsInvalidParamsAndRunsNothing() {
        TestConnector globex = echo(GLOBEX, unique("globex"), EchoType.READ);
        assertTrue(tools("globex-admin").containsKey(toolName(globex, EchoType.READ)));
        for (String tool : List.of("no_such__tool", toolName(globex, EchoType.READ))) {
            McpError error = assertThrows(McpError.class, () -> call("acme-admin", tool, Map.of()));
            assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, error.getJsonRpcError().code());
        }
        assertEquals(0, EchoSystem.callsTo(globex.id));
        assertTrue(PolicyFake.get().requestsFor(globex.id).isEmpty());
    }

    @Test
    void aViewerListsToolsAndReadsExecutionsButCannotCallConnectorTools() {
        TestConnector connector = echo(ACME, unique("viewed"), EchoType.READ);
        String tool = toolName(connector, EchoType.READ);
        assertTrue(tools("acme-viewer").containsKey(tool));
        for (String user : List.of("acme-viewer", "acme-auditor")) {
            McpSchema.CallToolResult refused = call(user, tool, Map.of("message", "hi"));
            assertTrue(refused.isError());
            assertTrue(text(refused).contains("admin or deployer"), text(refused));
        }
        assertEquals(0, EchoSystem.callsTo(connector.id));
        assertTrue(PolicyFake.get().requestsFor(connector.id).isEmpty(), "nothing reached the execute flow");
    }

    // ------------------------------------------------------------------------------------------------ bad input

    @Test
    void malformedJsonRpcIsAParseErrorOrAnInvalidRequestNeverA500() {
        post("acme-admin", "{\"jsonrpc\":").then().statusCode(400).contentType("application/json")
                .body("error.code", equalTo(-32700));
        for (String body : List.of("[]", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "42",
                "{\"jsonrpc\":\"2.0\",\"id\":1}", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":7}")) {
            post("acme-admin", body).then().statusCode(400).contentType("application/json")
                    .body("jsonrpc", equalTo("2.0")).body("error.code", equalTo(-32600));
        }
        post("acme-admin", "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"tools/destroy\"}").then().statusCode(200)
                .body("id", equalTo("x")).body("error.code", equalTo(-32601));
        post("acme-admin", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}").then()
                .statusCode(200).body("error.code", equalTo(-32602));
        post("acme-admin", "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"nope__x\"}}").then()
                .statusCode(200).body("error.code", equalTo(-32602));
        post("acme-admin", "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":{\"cursor\":17}}").then()
                .statusCode(200).body("error.code", equalTo(-32602));
        post("acme-admin", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").then().statusCode(202);
        post("acme-admin", "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}").then().statusCode(200).body("id", equalTo(6));
    }

    @Test
    void refusesAnOversizedBodyAnUnsupportedProtocolVersionAndOtherMethodsAsProblems() {
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}}";
        post("acme-admin", huge).then().statusCode(413).contentType("application/problem+json");
        RestAssured.given().auth().oauth2(KeycloakServer.get().token("acme-admin")).contentType("application/json")
                .header("MCP-Protocol-Version", "1999-01-01").body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                .post("/mcp").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString(ProtocolVersions.MCP_2025_11_25));
        RestAssured.given().auth().oauth2(KeycloakServer.get().token("acme-admin")).contentType("text/plain")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post("/mcp").then().statusCode(415)
                .contentType("application/problem+json");
        RestAssured.given().auth().oauth2(KeycloakServer.get().token("acme-admin")).accept("text/event-stream")
                .get("/mcp").then().statusCode(405).header("Allow", "POST").contentType("application/problem+json");
    }

    // ------------------------------------------------------------------------------------------------ authorization

    @Test
    void withoutATokenItIs401PointingAtTheProtectedResourceMetadata() {
        String metadataUrl = baseUrl() + "/.well-known/oauth-protected-resource";
        RestAssured.given().contentType("application/json").body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                .post("/mcp").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer resource_metadata=\"" + metadataUrl + "\""));
        RestAssured.given().auth().oauth2("not.a.token").contentType("application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post("/mcp").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer resource_metadata=\"" + metadataUrl + "\""))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));

        for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
            RestAssured.get(path).then().statusCode(200).contentType("application/json")
                    .body("resource", equalTo(baseUrl() + "/mcp"))
                    .body("authorization_servers[0]", equalTo(KeycloakServer.get().realmUrl()))
                    .body("bearer_methods_supported[0]", equalTo("header"))
                    .body("scopes_supported[0]", equalTo("openid"));
        }
    }

    @Test
    void aForeignOriginIs403AndAnAllowedOneIsServed() {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        RestAssured.given().auth().oauth2(KeycloakServer.get().token("acme-admin")).header("Origin", "https://evil.example")
                .contentType("application/json").body(ping).post("/mcp").then().statusCode(403)
                .contentType("application/problem+json");
        RestAssured.given().auth().oauth2(KeycloakServer.get().token("acme-admin")).header("Origin", "https://console.acme.example")
                .contentType("application/json").body(ping).post("/mcp").then().statusCode(200).body("id", equalTo(1));
    }
}
