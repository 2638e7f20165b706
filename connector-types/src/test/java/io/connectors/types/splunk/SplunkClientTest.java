package io.connectors.types.splunk;

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

/** Splunk's REST API: Bearer token, search jobs created with a form, results as output_mode=json. */
class SplunkClientTest {

    private static final String TOKEN = "canary-splunk-token-eyJraWQ";
    private static final String SID = "1700733333.42";

    private final FakeServer splunk = new FakeServer().requireAuthorization("Bearer " + TOKEN,
            Reply.json(401, "{\"messages\": [{\"type\": \"WARN\", \"text\": \"call not properly authenticated\"}]}"));
    private final SplunkClient client = new SplunkClient(TestRuntime.http(), new SplunkType());

    @AfterEach
    void tearDown() {
        splunk.close();
    }

    @Test
    void createsASearchJobInTheConfiguredAppAndAnswersItsSid() {
        splunk.on("POST", "/servicesNS/nobody/soc/search/jobs", request -> Reply.json(201, "{\"sid\": \"" + SID + "\"}"));

        JsonNode result = await(new SearchRunHandler(client).execute(context("{\"app\": \"soc\"}"),
                json("{\"search\": \"search index=edr host=WIN-042 | stats count by action\", \"earliest_time\": \"-24h\"}")));

        RecordedRequest job = splunk.only("POST", "/servicesNS/nobody/soc/search/jobs");
        assertEquals("application/x-www-form-urlencoded", job.header("Content-Type"));
        assertEquals(Map.of("search", List.of("search index=edr host=WIN-042 | stats count by action"), "earliest_time", List.of("-24h"),
                "exec_mode", List.of("normal"), "max_count", List.of("10000"), "max_time", List.of("0"), "output_mode", List.of("json")),
                job.form());
        assertEquals(json("{\"sid\": \"" + SID + "\", \"done\": false}"), result);
    }

    @Test
    void refusesASearchThatWritesWithoutCallingSplunk() {
        ConnectorException error = failure(new SearchRunHandler(client).execute(context("{}"),
                json("{\"search\": \"search index=edr | outputlookup hosts.csv\"}")));

        assertEquals(Fault.CALLER, error.fault());
        assertEquals("search:run only reads; the search uses the 'outputlookup' command", error.getMessage());
        assertTrue(splunk.requests().isEmpty());
    }

    @Test
    void readsAPageOfResults() {
        splunk.on("GET", "/services/search/jobs/" + SID + "/results", request -> Reply.json(200, "{\"preview\": false, \"init_offset\": 10,"
                + " \"messages\": [], \"fields\": [{\"name\": \"action\"}, {\"name\": \"count\"}],"
                + " \"results\": [{\"action\": \"blocked\", \"count\": \"3\"}]}"));

        JsonNode result = await(new SearchResultsHandler(client).execute(context("{}"), json("{\"sid\": \"" + SID + "\", \"count\": 10, \"offset\": 10}")));

        assertEquals(Map.of("output_mode", List.of("json"), "count", List.of("10"), "offset", List.of("10")),
                splunk.only("GET", "/services/search/jobs/" + SID + "/results").query());
        assertEquals(json("{\"sid\": \"" + SID + "\", \"done\": true, \"fields\": [{\"name\": \"action\"}, {\"name\": \"count\"}],"
                + " \"results\": [{\"action\": \"blocked\", \"count\": \"3\"}], \"offset\": 10}"), result);
    }

    @Test
    void answersNotDoneWhileTheJobStillRuns() {
        splunk.on("GET", "/services/search/jobs/" + SID + "/results", request -> Reply.empty(204));

        JsonNode result = await(new SearchResultsHandler(client).execute(context("{}"), json("{\"sid\": \"" + SID + "\"}")));

        assertEquals(json("{\"sid\": \"" + SID + "\", \"done\": false, \"results\": []}"), result);
    }

    @Test
    void reportsAnUnknownSidAsTheCallersFault() {
        splunk.on("GET", "/services/search/jobs/nope/results", request -> Reply.json(404,
                "{\"messages\": [{\"type\": \"FATAL\", \"text\": \"Unknown sid.\"}]}"));

        ConnectorException error = failure(new SearchResultsHandler(client).execute(context("{}"), json("{\"sid\": \"nope\"}")));

        assertEquals(Fault.CALLER, error.fault());
        assertEquals("Splunk answered 404: Unknown sid.", error.getMessage());
    }

    @Test
    void reportsARejectedTokenAsAConfigurationFaultWithoutTheToken() {
        splunk.on("GET", "/services/server/info", request -> Reply.json(200, "{\"entry\": [{\"content\": {\"version\": \"9.3.1\"}}]}"));
        OperationContext wrong = TestRuntime.context(1, json("{}"), json("{\"token\": \"canary-wrong-splunk\", \"base_url\": \"" + splunk.url() + "\"}"));

        ConnectorException error = failure(new SplunkConnectivityCheck(client).check(wrong));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertFalse(error.getMessage().contains("canary-wrong-splunk"));
        assertEquals(json("{\"reachable\": true, \"version\": \"9.3.1\"}"), await(new SplunkConnectivityCheck(client).check(context("{}"))));
    }

    @Test
    void reportsTooManyConcurrentSearchesAsRetryable() {
        splunk.on("POST", "/servicesNS/nobody/search/search/jobs", request -> Reply.json(503, "{\"messages\": [{\"type\": \"FATAL\","
                + " \"text\": \"Search not executed: The maximum number of concurrent historical searches has been reached.\"}]}"));

        ConnectorException error = failure(new SearchRunHandler(client).execute(context("{}"), json("{\"search\": \"search index=edr\"}")));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertTrue(error.getMessage().startsWith("Splunk answered 503: Search not executed"), error.getMessage());
    }

    private OperationContext context(String config) {
        return TestRuntime.context(1, json(config), json("{\"token\": \"" + TOKEN + "\", \"base_url\": \"" + splunk.url() + "\"}"));
    }
}
