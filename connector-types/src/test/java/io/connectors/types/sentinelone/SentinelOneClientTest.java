package io.connectors.types.sentinelone;

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

import java.util.List;
import java.util.Map;

import static io.connectors.types.testing.TestRuntime.await;
import static io.connectors.types.testing.TestRuntime.failure;
import static io.connectors.types.testing.TestRuntime.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The management API v2.1: {@code Authorization: ApiToken <token>}, {data, pagination} bodies, {errors: [...]} errors. */
class SentinelOneClientTest {

    private static final String TOKEN = "canary-s1-api-token-77aa";

    private final FakeServer s1 = new FakeServer().requireAuthorization("ApiToken " + TOKEN,
            Reply.json(401, "{\"errors\": [{\"code\": 4010010, \"detail\": null, \"title\": \"Authentication Failed\"}]}"));
    private final SentinelOneClient client = new SentinelOneClient(TestRuntime.http(), new SentinelOneType());

    @AfterEach
    void tearDown() {
        s1.close();
    }

    @Test
    void readsAPageOfThreatsWithTheFiltersAndTheNextCursor() {
        s1.on("GET", "/web/api/v2.1/threats", request -> Reply.json(200, "{\"data\": [{\"id\": \"1234567890\","
                + " \"threatInfo\": {\"threatName\": \"mimikatz.exe\"}}], \"pagination\": {\"totalItems\": 3, \"nextCursor\": \"YWdlbnRfaWQ6NTgwMjkzODE=\"}}"));

        JsonNode result = await(new ThreatsReadHandler(client).execute(context(), json("{\"incident_statuses\": [\"unresolved\", \"in_progress\"],"
                + " \"created_after\": \"2026-11-01T00:00:00Z\", \"computer_name\": \"WIN-\", \"limit\": 1}")));

        RecordedRequest read = s1.only("GET", "/web/api/v2.1/threats");
        assertEquals("application/json", read.header("Accept"));
        assertEquals(Map.of("incidentStatuses", List.of("unresolved,in_progress"), "createdAt__gt", List.of("2026-11-01T00:00:00Z"),
                "computerName__contains", List.of("WIN-"), "limit", List.of("1"), "sortBy", List.of("createdAt"),
                "sortOrder", List.of("desc")), read.query());
        assertEquals(json("{\"threats\": [{\"id\": \"1234567890\", \"threatInfo\": {\"threatName\": \"mimikatz.exe\"}}], \"total\": 3,"
                + " \"next_cursor\": \"YWdlbnRfaWQ6NTgwMjkzODE=\"}"), result);
    }

    @Test
    void isolatesAgentsByIdAndReportsHowManyWereAffected() {
        s1.on("POST", "/web/api/v2.1/agents/actions/disconnect", request -> Reply.json(200, "{\"data\": {\"affected\": 1}}"));

        JsonNode result = await(new AgentsIsolateHandler(client).execute(context(), json("{\"ids\": [\"225494730938493804\", \"225494730938493805\"]}")));

        assertEquals(json("{\"filter\": {\"ids\": [\"225494730938493804\", \"225494730938493805\"]}}"),
                s1.only("POST", "/web/api/v2.1/agents/actions/disconnect").json());
        assertEquals(json("{\"requested\": 2, \"affected\": 1}"), result);
    }

    @Test
    void reportsARejectedTokenAsAConfigurationFaultWithoutTheToken() {
        s1.on("GET", "/web/api/v2.1/threats", request -> Reply.json(200, "{\"data\": [], \"pagination\": {\"totalItems\": 0, \"nextCursor\": null}}"));
        OperationContext wrong = TestRuntime.context(1, json("{}"), json("{\"token\": \"canary-wrong-s1-token\", \"base_url\": \"" + s1.url() + "\"}"));

        ConnectorException error = failure(new SentinelOneConnectivityCheck(client).check(wrong));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertEquals("SentinelOne answered 401: Authentication Failed (check the connector's credentials and their permissions)", error.getMessage());
        assertFalse(error.getMessage().contains("canary-wrong-s1-token"));
        assertEquals(json("{\"reachable\": true, \"threats_total\": 0}"), await(new SentinelOneConnectivityCheck(client).check(context())));
    }

    @Test
    void reportsAnInvalidFilterAsTheCallersFault() {
        s1.on("GET", "/web/api/v2.1/threats", request -> Reply.json(400, "{\"errors\": [{\"code\": 4000010, \"detail\": \"createdAt__gt: Not a valid datetime.\","
                + " \"title\": \"Validation Error\"}]}"));

        ConnectorException error = failure(new ThreatsReadHandler(client).execute(context(), json("{\"created_after\": \"yesterday\"}")));

        assertEquals(Fault.CALLER, error.fault());
        assertEquals("SentinelOne answered 400: Validation Error: createdAt__gt: Not a valid datetime.", error.getMessage());
    }

    @Test
    void reportsAServerErrorAsRetryable() {
        s1.on("POST", "/web/api/v2.1/agents/actions/disconnect", request -> Reply.json(500,
                "{\"errors\": [{\"code\": 5000000, \"detail\": null, \"title\": \"Server Error\"}]}"));

        ConnectorException error = failure(new AgentsIsolateHandler(client).execute(context(), json("{\"ids\": [\"1\"]}")));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals(500, error.upstreamStatus());
    }

    private OperationContext context() {
        return TestRuntime.context(1, json("{}"), json("{\"token\": \"" + TOKEN + "\", \"base_url\": \"" + s1.url() + "\"}"));
    }
}
