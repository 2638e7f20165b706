package io.connectors.types.slack;

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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.connectors.types.testing.TestRuntime.await;
import static io.connectors.types.testing.TestRuntime.failure;
import static io.connectors.types.testing.TestRuntime.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Slack Web API: Bearer bot token, errors as HTTP 200 {@code ok: false}, cursor pagination. */
class SlackClientTest {

    private static final String TOKEN = "xoxb-canary-slack-token-0b7c";

    private final FakeServer slack = new FakeServer().requireAuthorization("Bearer " + TOKEN,
            Reply.json(200, "{\"ok\": false, \"error\": \"invalid_auth\"}"));
    private final SlackClient client = new SlackClient(TestRuntime.http(), new SlackType());

    @AfterEach
    void tearDown() {
        slack.close();
    }

    @Test
    void postsAMessageAsJsonWithTheDocumentedDefaults() {
        slack.on("POST", "/api/chat.postMessage", request -> Reply.json(200, "{\"ok\": true, \"channel\": \"C0123456789\","
                + " \"ts\": \"1503435956.000247\", \"message\": {\"text\": \"WIN-042 contained\", \"type\": \"message\"}}"));

        JsonNode result = await(new MessagesPostHandler(client).execute(context("{}"),
                json("{\"channel\": \"C0123456789\", \"text\": \"WIN-042 contained\", \"thread_ts\": \"1503435956.000100\"}")));

        RecordedRequest post = slack.only("POST", "/api/chat.postMessage");
        assertEquals("application/json; charset=utf-8", post.header("Content-Type"));
        assertEquals(json("{\"channel\": \"C0123456789\", \"text\": \"WIN-042 contained\", \"thread_ts\": \"1503435956.000100\","
                + " \"reply_broadcast\": false, \"unfurl_links\": false, \"unfurl_media\": true}"), post.json());
        assertEquals(json("{\"channel\": \"C0123456789\", \"ts\": \"1503435956.000247\"}"), result);
    }

    @Test
    void refusesAChannelOutsideTheAllowedChannelsWithoutCallingSlack() {
        OperationContext restricted = context("{\"allowed_channels\": [{\"id\": \"C0123456789\", \"name\": \"soc-alerts\"}]}");
        slack.on("POST", "/api/chat.postMessage", request -> Reply.json(200, "{\"ok\": true, \"channel\": \"C0123456789\", \"ts\": \"1.2\"}"));

        ConnectorException error = failure(new MessagesPostHandler(client).execute(restricted, json("{\"channel\": \"C0999999999\", \"text\": \"t\"}")));
        await(new MessagesPostHandler(client).execute(restricted, json("{\"channel\": \"#soc-alerts\", \"text\": \"t\"}")));

        assertEquals(Fault.CALLER, error.fault());
        assertEquals("Channel C0999999999 is not among the connector's allowed_channels", error.getMessage());
        assertEquals("#soc-alerts", slack.only("POST", "/api/chat.postMessage").json().get("channel").asText());
    }

    @Test
    void readsOnePageOfChannelsAndTheNextCursor() {
        slack.on("GET", "/api/conversations.list", request -> Reply.json(200, "{\"ok\": true, \"channels\": ["
                + "{\"id\": \"C012AB3CD\", \"name\": \"general\", \"is_channel\": true, \"is_private\": false, \"is_archived\": false,"
                + " \"is_member\": true, \"num_members\": 4, \"topic\": {\"value\": \"t\"}}],"
                + " \"response_metadata\": {\"next_cursor\": \"dGVhbTpDMDYxRkE1UEI=\"}}"));

        JsonNode result = await(new ChannelsReadHandler(client).execute(context("{}"),
                json("{\"types\": [\"public_channel\", \"private_channel\"], \"limit\": 1, \"cursor\": \"dXNlcjpVMDYxTkZUVDI=\"}")));

        assertEquals(Map.of("types", List.of("public_channel,private_channel"), "exclude_archived", List.of("true"),
                "limit", List.of("1"), "cursor", List.of("dXNlcjpVMDYxTkZUVDI=")), slack.only("GET", "/api/conversations.list").query());
        assertEquals(json("{\"channels\": [{\"id\": \"C012AB3CD\", \"name\": \"general\", \"is_private\": false, \"is_archived\": false,"
                + " \"is_member\": true, \"num_members\": 4}], \"next_cursor\": \"dGVhbTpDMDYxRkE1UEI=\"}"), result);
    }

    @Test
    void endsPaginationWithANullCursorOnTheLastPage() {
        slack.on("GET", "/api/conversations.list", request -> Reply.json(200,
                "{\"ok\": true, \"channels\": [], \"response_metadata\": {\"next_cursor\": \"\"}}"));

        JsonNode result = await(new ChannelsReadHandler(client).execute(context("{}"), json("{}")));

        assertTrue(result.get("next_cursor").isNull());
    }

    @Test
    void reportsOkFalseErrorsByWhoseFaultTheyAre() {
        slack.on("POST", "/api/chat.postMessage", request -> Reply.json(200, "{\"ok\": false, \"error\": \"channel_not_found\"}"));
        slack.on("POST", "/api/auth.test", request -> Reply.json(200, "{\"ok\": true}"));
        OperationContext revoked = TestRuntime.context(1, json("{}"),
                json("{\"token\": \"xoxb-canary-revoked-token\", \"base_url\": \"" + slack.url() + "/api\"}"));

        ConnectorException unknownChannel = failure(new MessagesPostHandler(client).execute(context("{}"), json("{\"channel\": \"C0NOPE\", \"text\": \"t\"}")));
        ConnectorException badToken = failure(new SlackConnectivityCheck(client).check(revoked));

        assertEquals(Fault.CALLER, unknownChannel.fault());
        assertEquals("Slack refused the request: channel_not_found", unknownChannel.getMessage());
        assertEquals(Fault.CONFIGURATION, badToken.fault());
        assertFalse(badToken.retryable());
        assertEquals("Slack refused the request: invalid_auth", badToken.getMessage());
    }

    @Test
    void reportsRateLimitingAsRetryableAfterTheRetryAfterHeader() {
        slack.on("GET", "/api/conversations.list", request -> Reply.json(429, "{\"ok\": false, \"error\": \"ratelimited\"}")
                .header("Retry-After", "30"));

        ConnectorException error = failure(new ChannelsReadHandler(client).execute(context("{}"), json("{}")));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals(429, error.upstreamStatus());
        assertEquals(Duration.ofSeconds(30), error.retryAfter().orElseThrow());
    }

    @Test
    void checksTheTokenWithAuthTest() {
        slack.on("POST", "/api/auth.test", request -> Reply.json(200, "{\"ok\": true, \"url\": \"https://acme.slack.com/\","
                + " \"team\": \"Acme\", \"user\": \"soc-bot\", \"team_id\": \"T12345\", \"user_id\": \"W12345\"}"));

        JsonNode result = await(new SlackConnectivityCheck(client).check(context("{}")));

        assertEquals(json("{\"reachable\": true, \"team\": \"Acme\", \"user\": \"soc-bot\", \"team_id\": \"T12345\"}"), result);
    }

    private OperationContext context(String config) {
        return TestRuntime.context(1, json(config), json("{\"token\": \"" + TOKEN + "\", \"base_url\": \"" + slack.url() + "/api\"}"));
    }
}
