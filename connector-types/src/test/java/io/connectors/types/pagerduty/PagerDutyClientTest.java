package io.connectors.types.pagerduty;

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

import java.util.function.Function;

import static io.connectors.types.testing.TestRuntime.await;
import static io.connectors.types.testing.TestRuntime.failure;
import static io.connectors.types.testing.TestRuntime.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Events API v2: the routing key travels in the body, no Authorization header; 202 on success. */
class PagerDutyClientTest {

    private static final String ROUTING_KEY = "R0canarypagerdutykey00000000000a";

    private final FakeServer pagerDuty = new FakeServer();
    private final PagerDutyClient client = new PagerDutyClient(TestRuntime.http(), new PagerDutyType());

    @AfterEach
    void tearDown() {
        pagerDuty.close();
    }

    @Test
    void triggersAnAlertWithThePayloadAndTheDedupKey() {
        pagerDuty.on("POST", "/v2/enqueue", events(request -> accepted(request.json().get("dedup_key").asText())));

        JsonNode result = await(new EventsTriggerHandler(client).execute(context(), json("{\"summary\": \"WIN-042 contained\","
                + " \"source\": \"falcon\", \"severity\": \"critical\", \"dedup_key\": \"falcon-ldt-42\", \"component\": \"edr\","
                + " \"custom_details\": {\"host\": \"WIN-042\"}, \"links\": [{\"href\": \"https://falcon.example/42\", \"text\": \"Falcon\"}]}")));

        RecordedRequest event = pagerDuty.only("POST", "/v2/enqueue");
        assertNull(event.header("Authorization"));
        assertEquals("application/json", event.header("Content-Type"));
        assertEquals(json("{\"routing_key\": \"" + ROUTING_KEY + "\", \"event_action\": \"trigger\", \"dedup_key\": \"falcon-ldt-42\","
                + " \"links\": [{\"href\": \"https://falcon.example/42\", \"text\": \"Falcon\"}],"
                + " \"payload\": {\"summary\": \"WIN-042 contained\", \"source\": \"falcon\", \"severity\": \"critical\","
                + " \"component\": \"edr\", \"custom_details\": {\"host\": \"WIN-042\"}}}"), event.json());
        assertEquals(json("{\"status\": \"success\", \"message\": \"Event processed\", \"dedup_key\": \"falcon-ldt-42\"}"), result);
    }

    @Test
    void acknowledgesAndResolvesByDedupKey() {
        pagerDuty.on("POST", "/v2/enqueue", events(request -> accepted("falcon-ldt-42")));

        await(new EventsAcknowledgeHandler(client).execute(context(), json("{\"dedup_key\": \"falcon-ldt-42\"}")));
        await(new EventsResolveHandler(client).execute(context(), json("{\"dedup_key\": \"falcon-ldt-42\"}")));

        assertEquals(json("{\"routing_key\": \"" + ROUTING_KEY + "\", \"event_action\": \"acknowledge\", \"dedup_key\": \"falcon-ldt-42\"}"),
                pagerDuty.requests().get(0).json());
        assertEquals("resolve", pagerDuty.requests().get(1).json().get("event_action").asText());
    }

    @Test
    void reportsAnInvalidRoutingKeyAsAConfigurationFault() {
        pagerDuty.on("POST", "/v2/enqueue", events(request -> accepted("x")));
        OperationContext wrong = TestRuntime.context(1, json("{}"),
                json("{\"routing_key\": \"canary-wrong-routing-key-000000\", \"base_url\": \"" + pagerDuty.url() + "\"}"));

        ConnectorException error = failure(new EventsResolveHandler(client).execute(wrong, json("{\"dedup_key\": \"k\"}")));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertEquals(400, error.upstreamStatus());
        assertFalse(error.getMessage().contains("canary-wrong-routing-key"), error.getMessage());
    }

    @Test
    void reportsThrottlingAsRetryable() {
        pagerDuty.on("POST", "/v2/enqueue", request -> Reply.json(429, "{\"status\": \"throttle event\", \"message\": \"Requests for this service are arriving too quickly. Please retry later.\"}"));

        ConnectorException error = failure(new EventsTriggerHandler(client).execute(context(),
                json("{\"summary\": \"s\", \"source\": \"s\", \"severity\": \"info\"}")));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals("PagerDuty answered 429: Requests for this service are arriving too quickly. Please retry later.", error.getMessage());
    }

    @Test
    void reportsAServerErrorAsRetryable() {
        pagerDuty.on("POST", "/v2/enqueue", request -> Reply.empty(502));

        ConnectorException error = failure(new EventsAcknowledgeHandler(client).execute(context(), json("{\"dedup_key\": \"k\"}")));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals(502, error.upstreamStatus());
    }

    @Test
    void checksReachabilityWithAnEventTheApiRejectsBeforeActing() {
        pagerDuty.on("POST", "/v2/enqueue", events(request -> accepted("x")));

        JsonNode result = await(new PagerDutyConnectivityCheck(client).check(context()));

        assertEquals(json("{\"reachable\": true, \"routing_key_verified\": false}"), result);
        assertFalse(pagerDuty.only("POST", "/v2/enqueue").json().has("dedup_key"));
    }

    @Test
    void reportsABlockedTargetAsBlockedNotAsAnUnexpectedFailure() {
        OperationContext metadataService = TestRuntime.context(1, json("{}"),
                json("{\"routing_key\": \"" + ROUTING_KEY + "\", \"base_url\": \"http://169.254.169.254\"}"));

        ConnectorException error = failure(new PagerDutyConnectivityCheck(client).check(metadataService));

        assertEquals(Fault.BLOCKED, error.fault(), error.getMessage());
        assertFalse(error.retryable());
    }

    /** As documented: 400 invalid event for a bad routing key or a follow-up without dedup_key. */
    private static Function<RecordedRequest, Reply> events(Function<RecordedRequest, Reply> accepted) {
        return request -> {
            JsonNode event = request.json();
            if (!ROUTING_KEY.equals(event.path("routing_key").asText())) {
                return Reply.json(400, "{\"status\": \"invalid event\", \"message\": \"Event object is invalid\","
                        + " \"errors\": [\"Length of 'routing_key' is incorrect (should be 32 characters)\"]}");
            }
            if (!event.path("event_action").asText().equals("trigger") && !event.has("dedup_key")) {
                return Reply.json(400, "{\"status\": \"invalid event\", \"message\": \"Event object is invalid\","
                        + " \"errors\": [\"'dedup_key' is missing or blank\"]}");
            }
            return accepted.apply(request);
        };
    }

    private static Reply accepted(String dedupKey) {
        return Reply.json(202, "{\"status\": \"success\", \"message\": \"Event processed\", \"dedup_key\": \"" + dedupKey + "\"}");
    }

    private OperationContext context() {
        return TestRuntime.context(1, json("{}"), json("{\"routing_key\": \"" + ROUTING_KEY + "\", \"base_url\": \"" + pagerDuty.url() + "\"}"));
    }
}
