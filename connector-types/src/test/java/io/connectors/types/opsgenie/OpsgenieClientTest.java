package io.connectors.types.opsgenie;

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

/** The Alert API v2: {@code Authorization: GenieKey <key>}, 202 {result, took, requestId}. */
class OpsgenieClientTest {

    private static final String KEY = "canary-0a1b2c3d-genie-key";
    private static final String ACCEPTED = "{\"result\": \"Request will be processed\", \"took\": 0.302,"
            + " \"requestId\": \"43a29c5c-3dbf-4fa4-9c26-f4f71023e120\"}";

    private final FakeServer opsgenie = new FakeServer().requireAuthorization("GenieKey " + KEY,
            Reply.json(401, "{\"message\": \"Could not authenticate\", \"took\": 0.0, \"requestId\": \"r-401\"}"));
    private final OpsgenieClient client = new OpsgenieClient(TestRuntime.http(), new OpsgenieType());

    @AfterEach
    void tearDown() {
        opsgenie.close();
    }

    @Test
    void createsAnAlertWithTheDocumentedFieldNames() {
        opsgenie.on("POST", "/v2/alerts", request -> Reply.json(202, ACCEPTED));

        JsonNode result = await(new AlertsCreateHandler(client).execute(context(), json("{\"message\": \"WIN-042 contained\","
                + " \"alias\": \"falcon-42\", \"responders\": [{\"type\": \"team\", \"name\": \"SOC\"}],"
                + " \"visible_to\": [{\"type\": \"team\", \"name\": \"SOC\"}], \"tags\": [\"edr\"], \"details\": {\"host\": \"WIN-042\"}}")));

        RecordedRequest created = opsgenie.only("POST", "/v2/alerts");
        assertEquals("application/json", created.header("Content-Type"));
        assertEquals(json("{\"message\": \"WIN-042 contained\", \"alias\": \"falcon-42\", \"responders\": [{\"type\": \"team\", \"name\": \"SOC\"}],"
                + " \"visibleTo\": [{\"type\": \"team\", \"name\": \"SOC\"}], \"tags\": [\"edr\"], \"details\": {\"host\": \"WIN-042\"},"
                + " \"priority\": \"P3\"}"), created.json());
        assertEquals(json("{\"result\": \"Request will be processed\", \"request_id\": \"43a29c5c-3dbf-4fa4-9c26-f4f71023e120\"}"), result);
    }

    @Test
    void closesAnAlertByAliasWithTheIdentifierEncodedAsOneSegment() {
        opsgenie.on("POST", "/v2/alerts/falcon%2F42/close", request -> Reply.json(202, ACCEPTED));

        await(new AlertsCloseHandler(client).execute(context(), json("{\"identifier\": \"falcon/42\", \"identifier_type\": \"alias\","
                + " \"note\": \"Contained\"}")));

        RecordedRequest closed = opsgenie.only("POST", "/v2/alerts/falcon%2F42/close");
        assertEquals(Map.of("identifierType", List.of("alias")), closed.query());
        assertEquals(json("{\"note\": \"Contained\"}"), closed.json());
    }

    @Test
    void reportsAnUnprocessableBodyAsTheCallersFault() {
        opsgenie.on("POST", "/v2/alerts", request -> Reply.json(422, "{\"message\": \"Request body is not processable. Please check the errors.\","
                + " \"errors\": {\"message\": \"Message can not be empty.\"}, \"took\": 0.1, \"requestId\": \"r-422\"}"));

        ConnectorException error = failure(new AlertsCreateHandler(client).execute(context(), json("{\"message\": \" \"}")));

        assertEquals(Fault.CALLER, error.fault());
        assertEquals("Opsgenie answered 422: Request body is not processable. Please check the errors.; message: Message can not be empty.",
                error.getMessage());
    }

    @Test
    void reportsAWrongKeyAsAConfigurationFaultWithoutTheKey() {
        opsgenie.on("GET", "/v2/alerts", request -> Reply.json(200, "{\"data\": [], \"took\": 0.1, \"requestId\": \"r\"}"));
        OperationContext wrong = TestRuntime.context(1, json("{}"), json("{\"api_key\": \"canary-wrong-genie-key\", \"base_url\": \""
                + opsgenie.url() + "\"}"));

        ConnectorException error = failure(new OpsgenieConnectivityCheck(client).check(wrong));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertFalse(error.getMessage().contains("canary-wrong-genie-key"));
        assertEquals(json("{\"reachable\": true}"), await(new OpsgenieConnectivityCheck(client).check(context())));
        assertEquals(Map.of("limit", List.of("1")), opsgenie.requests("GET", "/v2/alerts").get(1).query());
    }

    @Test
    void reportsRateLimitingAsRetryable() {
        opsgenie.on("POST", "/v2/alerts", request -> Reply.json(429, "{\"message\": \"You are making too many requests!\", \"took\": 0.0}")
                .header("Retry-After", "2"));

        ConnectorException error = failure(new AlertsCreateHandler(client).execute(context(), json("{\"message\": \"m\"}")));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals(Duration.ofSeconds(2), error.retryAfter().orElseThrow());
    }

    private OperationContext context() {
        return TestRuntime.context(1, json("{}"), json("{\"api_key\": \"" + KEY + "\", \"base_url\": \"" + opsgenie.url() + "\"}"));
    }
}
