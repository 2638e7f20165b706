package io.connectors.types.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.ConnectorException.Fault;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.TokenCache;
import io.connectors.types.testing.FakeServer;
import io.connectors.types.testing.RecordedRequest;
import io.connectors.types.testing.Reply;
import io.connectors.types.testing.TestRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.connectors.types.testing.TestRuntime.await;
import static io.connectors.types.testing.TestRuntime.failure;
import static io.connectors.types.testing.TestRuntime.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Table API on incident: Basic auth, or an OAuth token from the JWT bearer grant; {"result": ...} bodies. */
class ServiceNowClientTest {

    private static final String SYS_ID = "9d385017c611228701d22104cc95c371";
    private static final String PASSWORD = "canary-snow-password-41";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("soc.bot:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String UNAUTHORIZED = "{\"error\": {\"message\": \"User Not Authenticated\","
            + " \"detail\": \"Required to provide Auth information\"}, \"status\": \"failure\"}";

    private final FakeServer snow = new FakeServer().requireAuthorization(BASIC, Reply.json(401, UNAUTHORIZED));
    private final ServiceNowClient client = new ServiceNowClient(TestRuntime.http(), new TokenCache(), new ServiceNowType());

    @AfterEach
    void tearDown() {
        snow.close();
    }

    @Test
    void createsAnIncidentWithTheParamsAsFields() {
        snow.on("POST", "/api/now/table/incident", request -> Reply.json(201, "{\"result\": {\"sys_id\": \"" + SYS_ID
                + "\", \"number\": \"INC0010001\", \"short_description\": \"WIN-042 contained\", \"urgency\": \"1\"}}"));

        JsonNode result = await(new IncidentsCreateHandler(client).execute(basic(),
                json("{\"short_description\": \"WIN-042 contained\", \"urgency\": \"1\", \"correlation_id\": \"falcon-42\"}")));

        RecordedRequest created = snow.only("POST", "/api/now/table/incident");
        assertEquals(Map.of("sysparm_exclude_reference_link", List.of("true")), created.query());
        assertEquals("application/json", created.header("Accept"));
        assertEquals(json("{\"short_description\": \"WIN-042 contained\", \"urgency\": \"1\", \"correlation_id\": \"falcon-42\"}"), created.json());
        assertEquals("INC0010001", result.get("incident").get("number").asText());
    }

    @Test
    void readsIncidentsByNumberAndQueryNewestFirst() {
        snow.on("GET", "/api/now/table/incident", request -> Reply.json(200, "{\"result\": [{\"sys_id\": \"" + SYS_ID
                + "\", \"number\": \"INC0010001\"}]}"));

        JsonNode result = await(new IncidentsReadHandler(client).execute(basic(),
                json("{\"number\": \"INC0010001\", \"query\": \"active=true\", \"fields\": [\"sys_id\", \"number\"], \"limit\": 5}")));

        assertEquals(Map.of("sysparm_query", List.of("number=INC0010001^active=true^ORDERBYDESCsys_created_on"),
                "sysparm_limit", List.of("5"), "sysparm_offset", List.of("0"), "sysparm_fields", List.of("sys_id,number"),
                "sysparm_exclude_reference_link", List.of("true")), snow.only("GET", "/api/now/table/incident").query());
        assertEquals(json("{\"incidents\": [{\"sys_id\": \"" + SYS_ID + "\", \"number\": \"INC0010001\"}]}"), result);
    }

    @Test
    void readsOneIncidentBySysId() {
        snow.on("GET", "/api/now/table/incident/" + SYS_ID, request -> Reply.json(200, "{\"result\": {\"sys_id\": \"" + SYS_ID + "\"}}"));

        JsonNode result = await(new IncidentsReadHandler(client).execute(basic(), json("{\"sys_id\": \"" + SYS_ID + "\"}")));

        assertEquals(json("{\"incidents\": [{\"sys_id\": \"" + SYS_ID + "\"}]}"), result);
    }

    @Test
    void updatesAnIncidentWithPatch() {
        snow.on("PATCH", "/api/now/table/incident/" + SYS_ID, request -> Reply.json(200, "{\"result\": {\"sys_id\": \"" + SYS_ID
                + "\", \"state\": \"6\"}}"));

        JsonNode result = await(new IncidentsUpdateHandler(client).execute(basic(),
                json("{\"sys_id\": \"" + SYS_ID + "\", \"fields\": {\"state\": \"6\", \"close_notes\": \"Contained\"}}")));

        assertEquals(json("{\"state\": \"6\", \"close_notes\": \"Contained\"}"), snow.only("PATCH", "/api/now/table/incident/" + SYS_ID).json());
        assertEquals(json("{\"incident\": {\"sys_id\": \"" + SYS_ID + "\", \"state\": \"6\"}}"), result);
    }

    @Test
    void reportsAMissingRecordAsTheCallersFaultWithTheDocumentedErrorText() {
        snow.on("PATCH", "/api/now/table/incident/" + SYS_ID, request -> Reply.json(404, "{\"error\": {\"message\": \"No Record found\","
                + " \"detail\": \"Record doesn't exist or ACL restricts the record retrieval\"}, \"status\": \"failure\"}"));

        ConnectorException error = failure(new IncidentsUpdateHandler(client).execute(basic(),
                json("{\"sys_id\": \"" + SYS_ID + "\", \"fields\": {\"state\": \"6\"}}")));

        assertEquals(Fault.CALLER, error.fault());
        assertEquals("ServiceNow answered 404: No Record found (Record doesn't exist or ACL restricts the record retrieval)", error.getMessage());
    }

    @Test
    void reportsRejectedCredentialsAsAConfigurationFaultWithoutThePassword() {
        snow.on("GET", "/api/now/table/incident", request -> Reply.json(200, "{\"result\": []}"));
        OperationContext wrong = TestRuntime.context(1, json("{}"), json("{\"base_url\": \"" + snow.url()
                + "\", \"username\": \"soc.bot\", \"password\": \"canary-wrong-password\"}"));

        ConnectorException error = failure(new ServiceNowConnectivityCheck(client).check(wrong));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertEquals("ServiceNow answered 401: User Not Authenticated (Required to provide Auth information)"
                + " (check the connector's credentials and their permissions)", error.getMessage());
        assertEquals(json("{\"reachable\": true}"), await(new ServiceNowConnectivityCheck(client).check(basic())));
        assertEquals(Map.of("sysparm_limit", List.of("1"), "sysparm_fields", List.of("sys_id")),
                snow.requests("GET", "/api/now/table/incident").get(1).query());
    }

    @Test
    void reportsRateLimitingAsRetryableAfterTheRetryAfterHeader() {
        snow.on("GET", "/api/now/table/incident", request -> Reply.json(429, "{\"error\": {\"message\": \"Rate limit exceeded\"}}")
                .header("Retry-After", "5"));

        ConnectorException error = failure(new IncidentsReadHandler(client).execute(basic(), json("{}")));

        assertEquals(Fault.EXTERNAL, error.fault());
        assertTrue(error.retryable());
        assertEquals(5, error.retryAfter().orElseThrow().toSeconds());
    }

    @Test
    void getsAnOAuthTokenWithASignedJwtAssertionAndCachesIt() throws Exception {
        KeyPair keys = rsa();
        // The token endpoint takes no Authorization header: the table routes check the bearer token themselves.
        snow.requireAuthorization(null, null);
        snow.on("POST", "/oauth_token.do", request -> verifies(keys, request.form().get("assertion").get(0))
                ? Reply.json(200, "{\"access_token\": \"snow-token-1\", \"scope\": \"useraccount\", \"token_type\": \"Bearer\", \"expires_in\": 1799}")
                : Reply.json(401, "{\"error\": \"access_denied\", \"error_description\": \"invalid assertion\"}"));
        snow.on("GET", "/api/now/table/incident/" + SYS_ID, request -> "Bearer snow-token-1".equals(request.header("Authorization"))
                ? Reply.json(200, "{\"result\": {\"sys_id\": \"" + SYS_ID + "\"}}") : Reply.json(401, UNAUTHORIZED));
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        OperationContext oauth = TestRuntime.context(1, json("{}"), Json.object()
                .put("base_url", snow.url()).put("is_oauth", true).put("client_id", "snow-client").put("client_secret", "canary-snow-client-secret")
                .put("jwt_key_id", "kid-1").put("user_identifier_value", "soc.bot").put("private_key", pem));

        await(new IncidentsReadHandler(client).execute(oauth, json("{\"sys_id\": \"" + SYS_ID + "\"}")));
        await(new IncidentsReadHandler(client).execute(oauth, json("{\"sys_id\": \"" + SYS_ID + "\"}")));

        RecordedRequest token = snow.only("POST", "/oauth_token.do");
        Map<String, List<String>> form = token.form();
        assertEquals(List.of("urn:ietf:params:oauth:grant-type:jwt-bearer"), form.get("grant_type"));
        assertEquals(List.of("snow-client"), form.get("client_id"));
        assertEquals(List.of("canary-snow-client-secret"), form.get("client_secret"));
        String[] jwt = form.get("assertion").get(0).split("\\.");
        JsonNode header = json(new String(Base64.getUrlDecoder().decode(jwt[0]), StandardCharsets.UTF_8));
        JsonNode claims = json(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
        assertEquals(json("{\"alg\": \"RS256\", \"typ\": \"JWT\", \"kid\": \"kid-1\"}"), header);
        assertEquals("snow-client", claims.get("iss").asText());
        assertEquals("soc.bot", claims.get("sub").asText());
        assertTrue(claims.get("exp").asLong() > Instant.now().getEpochSecond());
        assertEquals(List.of("Bearer snow-token-1", "Bearer snow-token-1"), snow.requests("GET", "/api/now/table/incident/" + SYS_ID)
                .stream().map(request -> request.header("Authorization")).toList());
    }

    private OperationContext basic() {
        return TestRuntime.context(1, json("{}"), json("{\"base_url\": \"" + snow.url() + "\", \"username\": \"soc.bot\", \"password\": \""
                + PASSWORD + "\"}"));
    }

    private static boolean verifies(KeyPair keys, String jwt) {
        try {
            int last = jwt.lastIndexOf('.');
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(keys.getPublic());
            signature.update(jwt.substring(0, last).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(jwt.substring(last + 1)));
        } catch (Exception e) {
            return false;
        }
    }

    private static KeyPair rsa() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
