package io.connectors.types.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.ConnectorException.Fault;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.testing.FakeServer;
import io.connectors.types.testing.RecordedRequest;
import io.connectors.types.testing.Reply;
import io.connectors.types.testing.TestRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.connectors.types.testing.TestRuntime.await;
import static io.connectors.types.testing.TestRuntime.failure;
import static io.connectors.types.testing.TestRuntime.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jira Cloud REST v3 (major 2) and REST v2 (major 1) against a fake that checks Basic / Bearer auth. */
class JiraClientTest {

    private static final String EMAIL = "soc-bot@acme.example";
    private static final String TOKEN = "canary-jira-token-5d1e";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    private static final String UNAUTHORIZED = "{\"errorMessages\": [\"You are not authenticated. Authentication required to perform this operation.\"], \"errors\": {}}";

    private final FakeServer jira = new FakeServer().requireAuthorization(BASIC, Reply.json(401, UNAUTHORIZED));
    private final JiraClient client = new JiraClient(TestRuntime.http(), new JiraType());

    @AfterEach
    void tearDown() {
        jira.close();
    }

    @Test
    void createsAnIssueWithTheDescriptionInAtlassianDocumentFormatOnRestV3() {
        jira.on("POST", "/rest/api/3/issue", request -> Reply.json(201,
                "{\"id\": \"10042\", \"key\": \"SEC-42\", \"self\": \"" + jira.url() + "/rest/api/3/issue/10042\"}"));

        JsonNode result = await(new IssuesCreateHandler(client).execute(cloud(),
                json("{\"summary\": \"Contain WIN-042\", \"description\": \"Critical detection.\\nSee Falcon.\\n\\nSecond block\","
                        + " \"priority\": \"High\", \"labels\": [\"soc\"]}")));

        RecordedRequest created = jira.only("POST", "/rest/api/3/issue");
        assertEquals("application/json", created.header("Content-Type"));
        assertEquals("application/json", created.header("Accept"));
        assertEquals(json("{\"fields\": {\"project\": {\"key\": \"SEC\"}, \"summary\": \"Contain WIN-042\","
                + " \"issuetype\": {\"name\": \"Task\"},"
                + " \"description\": {\"type\": \"doc\", \"version\": 1, \"content\": ["
                + "   {\"type\": \"paragraph\", \"content\": [{\"type\": \"text\", \"text\": \"Critical detection.\"},"
                + "     {\"type\": \"hardBreak\"}, {\"type\": \"text\", \"text\": \"See Falcon.\"}]},"
                + "   {\"type\": \"paragraph\", \"content\": [{\"type\": \"text\", \"text\": \"Second block\"}]}]},"
                + " \"priority\": {\"name\": \"High\"}, \"labels\": [\"soc\"]}}"), created.json());
        assertEquals(json("{\"id\": \"10042\", \"key\": \"SEC-42\", \"self\": \"" + jira.url() + "/rest/api/3/issue/10042\"}"), result);
    }

    @Test
    void createsAnIssueWithAPlainTextDescriptionAndABearerTokenOnRestV2() {
        jira.requireAuthorization("Bearer " + TOKEN, Reply.json(401, UNAUTHORIZED));
        jira.on("POST", "/rest/api/2/issue", request -> Reply.json(201,
                "{\"id\": \"7\", \"key\": \"SEC-7\", \"self\": \"x\"}"));
        OperationContext server = TestRuntime.context(1, json("{\"project_key\": \"SEC\"}"),
                json("{\"base_url\": \"" + jira.url() + "\", \"api_token\": \"" + TOKEN + "\"}"));

        await(new IssuesCreateHandler(client).execute(server, json("{\"summary\": \"s\", \"description\": \"plain\", \"issue_type\": \"Bug\"}")));

        assertEquals(json("{\"fields\": {\"project\": {\"key\": \"SEC\"}, \"summary\": \"s\", \"issuetype\": {\"name\": \"Bug\"},"
                + " \"description\": \"plain\"}}"), jira.only("POST", "/rest/api/2/issue").json());
    }

    @Test
    void readsAnIssueWithTheRequestedFields() {
        jira.on("GET", "/rest/api/3/issue/SEC-42", request -> Reply.json(200,
                "{\"expand\": \"renderedFields\", \"id\": \"10042\", \"key\": \"SEC-42\", \"self\": \"s\","
                        + " \"fields\": {\"summary\": \"Contain WIN-042\", \"status\": {\"name\": \"To Do\"}}}"));

        JsonNode result = await(new IssuesReadHandler(client).execute(cloud(),
                json("{\"issue_key\": \"SEC-42\", \"fields\": [\"summary\", \"status\"]}")));

        assertEquals(Map.of("fields", List.of("summary,status")), jira.only("GET", "/rest/api/3/issue/SEC-42").query());
        assertEquals(json("{\"id\": \"10042\", \"key\": \"SEC-42\", \"self\": \"s\","
                + " \"fields\": {\"summary\": \"Contain WIN-042\", \"status\": {\"name\": \"To Do\"}}}"), result);
    }

    @Test
    void commentsOnAnIssue() {
        jira.on("POST", "/rest/api/3/issue/SEC-42/comment", request -> Reply.json(201,
                "{\"id\": \"100\", \"self\": \"c\", \"created\": \"2026-11-23T10:00:00.000+0000\", \"author\": {}}"));

        JsonNode result = await(new IssuesCommentHandler(client).execute(cloud(), json("{\"issue_key\": \"SEC-42\", \"body\": \"Contained.\"}")));

        assertEquals(json("{\"body\": {\"type\": \"doc\", \"version\": 1, \"content\": [{\"type\": \"paragraph\","
                + " \"content\": [{\"type\": \"text\", \"text\": \"Contained.\"}]}]}}"), jira.only("POST", "/rest/api/3/issue/SEC-42/comment").json());
        assertEquals(json("{\"id\": \"100\", \"self\": \"c\", \"created\": \"2026-11-23T10:00:00.000+0000\"}"), result);
    }

    @Test
    void transitionsAnIssueWithACommentAndAcceptsTheEmpty204() {
        jira.on("POST", "/rest/api/2/issue/SEC-42/transitions", request -> Reply.empty(204));
        OperationContext server = TestRuntime.context(1, json("{\"project_key\": \"SEC\"}"),
                json("{\"base_url\": \"" + jira.url() + "\", \"email\": \"" + EMAIL + "\", \"api_token\": \"" + TOKEN + "\"}"));

        JsonNode result = await(new IssuesTransitionHandler(client).execute(server,
                json("{\"issue_key\": \"SEC-42\", \"transition_id\": \"31\", \"comment\": \"Done\"}")));

        assertEquals(json("{\"transition\": {\"id\": \"31\"}, \"update\": {\"comment\": [{\"add\": {\"body\": \"Done\"}}]}}"),
                jira.only("POST", "/rest/api/2/issue/SEC-42/transitions").json());
        assertEquals(json("{\"issue_key\": \"SEC-42\", \"transition_id\": \"31\", \"transitioned\": true}"), result);
    }

    @Test
    void reportsFieldErrorsAsTheCallersFault() {
        jira.on("POST", "/rest/api/3/issue", request -> Reply.json(400,
                "{\"errorMessages\": [], \"errors\": {\"priority\": \"Specify a valid priority\"}}"));

        ConnectorException error = failure(new IssuesCreateHandler(client).execute(cloud(), json("{\"summary\": \"s\", \"priority\": \"Urgentest\"}")));

        assertEquals(Fault.CALLER, error.fault());
        assertFalse(error.retryable());
        assertEquals("Jira answered 400: priority: Specify a valid priority", error.getMessage());
    }

    @Test
    void reportsAnUnknownIssueAsTheCallersFault() {
        jira.on("GET", "/rest/api/3/issue/SEC-999", request -> Reply.json(404,
                "{\"errorMessages\": [\"Issue does not exist or you do not have permission to see it.\"], \"errors\": {}}"));

        ConnectorException error = failure(new IssuesReadHandler(client).execute(cloud(), json("{\"issue_key\": \"SEC-999\"}")));

        assertEquals(Fault.CALLER, error.fault());
        assertEquals(404, error.upstreamStatus());
        assertEquals("Jira answered 404: Issue does not exist or you do not have permission to see it.", error.getMessage());
    }

    @Test
    void reportsRejectedCredentialsAsAConfigurationFaultWithoutTheToken() {
        OperationContext wrong = TestRuntime.context(2, json("{\"project_key\": \"SEC\"}"), json("{\"base_url\": \"" + jira.url()
                + "\", \"email\": \"" + EMAIL + "\", \"api_token\": \"canary-wrong-jira-token\"}"));
        jira.on("GET", "/rest/api/3/myself", request -> Reply.json(200, "{\"displayName\": \"SOC bot\"}"));

        ConnectorException error = failure(new JiraConnectivityCheck(client).check(wrong));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertEquals(401, error.upstreamStatus());
        assertFalse(error.getMessage().contains("canary-wrong-jira-token"));
        assertEquals(json("{\"reachable\": true, \"user\": \"SOC bot\"}"), await(new JiraConnectivityCheck(client).check(cloud())));
    }

    @Test
    void reportsRateLimitingAsRetryableAfterTheRetryAfterHeader() {
        jira.on("POST", "/rest/api/3/issue/SEC-42/comment", request -> Reply.json(429,
                "{\"errorMessages\": [\"Rate limit exceeded.\"]}").header("Retry-After", "12"));

        ConnectorException error = failure(new IssuesCommentHandler(client).execute(cloud(), json("{\"issue_key\": \"SEC-42\", \"body\": \"b\"}")));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals(Duration.ofSeconds(12), error.retryAfter().orElseThrow());
    }

    @Test
    void reportsAServerErrorAsRetryable() {
        jira.on("GET", "/rest/api/3/issue/SEC-1", request -> Reply.text(503, "<html>Service Unavailable</html>"));

        ConnectorException error = failure(new IssuesReadHandler(client).execute(cloud(), json("{\"issue_key\": \"SEC-1\"}")));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals("Jira answered 503", error.getMessage());
    }

    private OperationContext cloud() {
        return TestRuntime.context(2, json("{\"project_key\": \"SEC\"}"),
                json("{\"base_url\": \"" + jira.url() + "/\", \"email\": \"" + EMAIL + "\", \"api_token\": \"" + TOKEN + "\"}"));
    }

}
