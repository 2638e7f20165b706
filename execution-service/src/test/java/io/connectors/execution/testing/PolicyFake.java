package io.connectors.execution.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.connectors.platform.json.CanonicalJson;
import io.connectors.platform.security.Roles;
import io.connectors.platform.testing.KeycloakServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A local stand-in for policy-service's decision API ({@code POST /v1/decisions}), on 127.0.0.1. It accepts only a
 * real Keycloak service token of execution-service (signature checked with the local realm's keys) carrying the
 * endpoint's capability role, as policy-service and config-service demand it (403 otherwise), and answers per connector
 * as the test scripts it: allow by default, with the decision's audit record for execution-service to commit (as
 * policy-service does for allow and deny). The same server plays config-service's internal connector lookup
 * ({@code GET /internal/v1/orgs/{org}/connectors/{id}}) for connectors a test registered with {@link #knows}, and
 * policy-service's read of an approval it escalated ({@code GET /v1/approvals/{id}}, any user of the approval's org,
 * shaped as policy-service answers it): what a viewer knows about a parked execution.
 */
public final class PolicyFake {

    public enum Answer { ALLOW, DENY, ESCALATE, UNAVAILABLE, SLOW, NONSENSE }

    /**
     * The suite's local realm. The fake runs in the profile's class loader, where {@code KeycloakServer.get()} would
     * start a second Keycloak: it learns the realm from the token and trusts only a loopback one.
     */
    private static final Pattern LOCAL_REALM = Pattern.compile("http://127\\.0\\.0\\.1:[0-9]{1,5}/realms/" + KeycloakServer.REALM);

    private static PolicyFake instance;

    private HttpServer server;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    /*
     * The profile (which starts the server) and the tests (which script it) load this class in different class
     * loaders: the script and the received requests are shared as system properties, plain strings.
     */
    private static final String ANSWER = "policyfake.answer.";
    private static final String REQUESTS = "policyfake.requests.";
    private static final String CONFIG = "configfake.connector.";
    private static final String LOOKUPS = "configfake.lookups.";
    private static final String REFUSE_TOKENS = "policyfake.refused-tokens";
    private static final String UNAUTHORIZED = "policyfake.unauthorized";
    private static final String TOKENS = "policyfake.tokens";
    private static final String APPROVALS = "policyfake.approval.";
    private static final String FORBIDDEN = "{\"title\":\"Forbidden\",\"status\":403}";
    private final Set<String> verifiedTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, PublicKey>> realmKeys = new ConcurrentHashMap<>();
    // HTTP/1.1: no h2c upgrade attempt against Keycloak's server.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private PolicyFake() {
    }

    public static synchronized PolicyFake get() {
        if (instance == null) {
            instance = new PolicyFake();
        }
        return instance;
    }

    /** Starts the server on first use (by the profile). */
    public synchronized String url() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.createContext("/v1/decisions", this::decide);
            server.createContext("/internal/v1/orgs/", this::lookUpConnector);
            server.createContext("/v1/approvals/", this::readApproval);
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** config-service's current state of a connector (the ConfigChanged JSON), as its lookup answers it. */
    public void knows(String connectorId, String configChangedJson) {
        System.setProperty(CONFIG + connectorId, configChangedJson);
    }

    /** How many decision requests were refused for their token (401). */
    public int unauthorizedAnswers() {
        return Integer.parseInt(System.getProperty(UNAUTHORIZED, "0"));
    }

    /** How many different valid tokens of execution-service were seen. */
    public int tokensAccepted() {
        return Integer.parseInt(System.getProperty(TOKENS, "0"));
    }

    private static void increment(String property) {
        synchronized (property.intern()) {
            System.setProperty(property, Integer.toString(Integer.parseInt(System.getProperty(property, "0")) + 1));
        }
    }

    /** How often execution-service asked config-service about a connector. */
    public int lookupsOf(String connectorId) {
        return Integer.parseInt(System.getProperty(LOOKUPS + connectorId, "0"));
    }

    /**
     * Every token accepted so far is answered 401 from now on, as by a policy-service whose signing keys rotated:
     * only a token issued after this is accepted.
     */
    public void refuseTokensSeenSoFar() {
        System.setProperty(REFUSE_TOKENS + ".before", Long.toString(Instant.now().getEpochSecond() + 1));
    }

    private void lookUpConnector(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ") || !isExecutionServiceToken(authorization.substring(7))) {
                reply(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401}");
                return;
            }
            if (!hasRealmRole(authorization.substring(7), Roles.CONNECTORS_LOOKUP)) {
                reply(exchange, 403, FORBIDDEN);
                return;
            }
            String[] path = exchange.getRequestURI().getPath().split("/");
            // /internal/v1/orgs/{org}/connectors/{id}
            if (path.length != 7 || !"connectors".equals(path[5])) {
                reply(exchange, 404, "{\"status\":404}");
                return;
            }
            String id = path[6];
            synchronized ((LOOKUPS + id).intern()) {
                System.setProperty(LOOKUPS + id, Integer.toString(lookupsOf(id) + 1));
            }
            String known = System.getProperty(CONFIG + id);
            if (known == null || !path[4].equals(json.readTree(known).path("org_id").asText())) {
                reply(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
                return;
            }
            reply(exchange, 200, known);
        }
    }

    public void answer(String connectorId, Answer answer) {
        System.setProperty(ANSWER + connectorId, answer.name());
    }

    /** Every decision request received for a connector, oldest first. */
    public List<JsonNode> requestsFor(String connectorId) {
        try {
            List<JsonNode> received = new ArrayList<>();
            json.readTree(System.getProperty(REQUESTS + connectorId, "[]")).forEach(received::add);
            return received;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void received(String connectorId, JsonNode request) throws IOException {
        String key = REQUESTS + connectorId;
        // An interned string is one object in every class loader: the lock both copies of this class agree on.
        synchronized (key.intern()) {
            ArrayNode all = (ArrayNode) json.readTree(System.getProperty(key, "[]"));
            all.add(request);
            System.setProperty(key, all.toString());
        }
    }

    private void decide(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "{}");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ") || !isExecutionServiceToken(authorization.substring(7))) {
                increment(UNAUTHORIZED);
                reply(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401}");
                return;
            }
            if (!hasRealmRole(authorization.substring(7), Roles.DECISIONS_REQUEST)) {
                reply(exchange, 403, FORBIDDEN);
                return;
            }
            JsonNode request = json.readTree(exchange.getRequestBody());
            String connectorId = request.path("connector").path("id").asText();
            received(connectorId, request);
            Answer answer = Answer.valueOf(System.getProperty(ANSWER + connectorId, Answer.ALLOW.name()));
            ObjectNode decision = json.createObjectNode().put("decision_id", UUID.randomUUID().toString());
            switch (answer) {
                case ALLOW -> decision.put("outcome", "allow").put("risk_score", request.path("operation").path("base_risk").asInt())
                        .set("audit_record", auditRecord(request, decision.path("decision_id").asText(), "success"));
                case DENY -> decision.put("outcome", "deny").put("risk_score", 95)
                        .<ObjectNode>set("reasons", json.valueToTree(List.of(reason("no-destructive-on-fridays", "deny", "rule no-destructive-on-fridays matched"))))
                        .set("audit_record", auditRecord(request, decision.path("decision_id").asText(), "denied"));
                case ESCALATE -> remember(request, decision.put("outcome", "escalate").put("risk_score", 60)
                        .put("approval_id", UUID.randomUUID().toString())
                        .put("expires_at", Instant.now().plus(Duration.ofHours(1)).toString())
                        .set("reasons", json.valueToTree(List.of(reason("risk-threshold", "escalate", "risk 60 needs an approver")))));
                case UNAVAILABLE -> {
                    reply(exchange, 503, "{\"title\":\"Service Unavailable\",\"status\":503}");
                    return;
                }
                case SLOW -> sleep(Duration.ofSeconds(12));
                case NONSENSE -> decision.put("outcome", "maybe");
            }
            reply(exchange, 200, json.writeValueAsString(decision));
        }
    }

    /** The pending approval of an escalated decision, as policy-service's {@code GET /v1/approvals/{id}} shows it. */
    private void remember(JsonNode request, JsonNode decision) {
        ObjectNode view = json.createObjectNode().put("id", decision.path("approval_id").asText()).put("status", "pending")
                .put("execution_id", request.path("execution_id").asText()).put("decision_id", decision.path("decision_id").asText())
                .put("connector_id", request.path("connector").path("id").asText())
                .put("connector_type", request.path("connector").path("type").asText())
                .put("operation", request.path("operation").path("name").asText())
                .put("operation_class", request.path("operation").path("class").asText());
        view.set("params", request.path("params"));
        view.put("params_hash", CanonicalJson.sha256(request.path("params"))).put("risk_score", decision.path("risk_score").asInt());
        view.set("reasons", decision.path("reasons"));
        view.putObject("requested_by").put("subject", request.path("actor").path("subject").asText())
                .put("username", request.path("actor").path("username").asText());
        view.putNull("decided_by");
        view.putNull("reason");
        view.put("created_at", Instant.now().toString()).put("expires_at", decision.path("expires_at").asText()).putNull("decided_at");
        System.setProperty(APPROVALS + view.path("id").asText(), json.createObjectNode()
                .put("org_id", request.path("org_id").asText()).set("view", view).toString());
    }

    private void readApproval(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode claims = authorization == null || !authorization.startsWith("Bearer ") ? null : verifiedClaims(authorization.substring(7));
            if (claims == null) {
                reply(exchange, 401, "{\"title\":\"Unauthorized\",\"status\":401}");
                return;
            }
            String id = exchange.getRequestURI().getPath().substring("/v1/approvals/".length());
            String known = System.getProperty(APPROVALS + id);
            JsonNode approval = known == null ? null : json.readTree(known);
            if (!"GET".equals(exchange.getRequestMethod()) || approval == null
                    || !approval.path("org_id").asText().equals(claims.path("org_id").asText())) {
                reply(exchange, 404, "{\"title\":\"Not Found\",\"status\":404}");
                return;
            }
            reply(exchange, 200, json.writeValueAsString(approval.path("view")));
        }
    }

    /** The decision's audit event, as policy-service builds it (audit.record.v1.json). */
    private ObjectNode auditRecord(JsonNode request, String decisionId, String outcome) {
        ObjectNode data = json.createObjectNode().put("action", "policy.decided");
        data.putObject("actor").put("type", "service").put("subject", "execution-service").put("username", "service-account-execution-service")
                .put("on_behalf_of", request.path("actor").path("username").asText());
        data.with("actor").putArray("roles").add("service");
        data.putObject("target").put("type", "execution").put("id", request.path("execution_id").asText())
                .put("connector_id", request.path("connector").path("id").asText());
        data.put("outcome", outcome).put("decision_id", decisionId).put("source_service", "policy-service");
        data.putObject("details").put("operation", request.path("operation").path("name").asText());
        return json.createObjectNode().put("specversion", "1.0").put("id", UUID.randomUUID().toString())
                .put("source", "/policy-service").put("type", "io.connectors.audit.record.v1")
                .put("subject", request.path("execution_id").asText()).put("time", Instant.now().toString())
                .put("datacontenttype", "application/json").put("dataschema", "/schemas/audit.record.v1.json")
                .put("orgid", request.path("org_id").asText()).set("data", data);
    }

    /**
     * The token must be a JWT signed by the realm (RS256, checked against the realm's published keys), issued by it to
     * execution-service, and not expired: what policy-service's own OIDC layer would accept.
     */
    private boolean isExecutionServiceToken(String token) {
        if (issuedBefore(token, Long.parseLong(System.getProperty(REFUSE_TOKENS + ".before", "0")))) {
            return false;
        }
        // Only acceptance is remembered: a check that failed for want of the realm's keys is tried again.
        if (verifiedTokens.contains(token) && !expired(token)) {
            return true;
        }
        boolean valid = verify(token);
        if (valid && verifiedTokens.add(token)) {
            increment(TOKENS);
        }
        return valid;
    }

    private boolean verify(String token) {
        JsonNode claims = verifiedClaims(token);
        return claims != null && "execution-service".equals(claims.path("azp").asText());
    }

    /** The claims of a token the local realm signed (RS256) and that has not expired, or null. */
    private JsonNode verifiedClaims(String token) {
        try {
            String[] parts = token.split("\\.");
            if (parts.length != 3) {
                return null;
            }
            Base64.Decoder base64 = Base64.getUrlDecoder();
            JsonNode header = json.readTree(base64.decode(parts[0]));
            JsonNode claims = json.readTree(base64.decode(parts[1]));
            String issuer = claims.path("iss").asText();
            if (!LOCAL_REALM.matcher(issuer).matches()) {
                return null;
            }
            PublicKey key = realmKeys(issuer).get(header.path("kid").asText());
            if (!"RS256".equals(header.path("alg").asText()) || key == null) {
                return null;
            }
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(base64.decode(parts[2])) && claims.path("exp").asLong() > Instant.now().getEpochSecond()
                    ? claims : null;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /** As the real services check: the capability role of the endpoint, not just role service (a verified token). */
    private boolean hasRealmRole(String token, String role) {
        try {
            JsonNode roles = json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("realm_access").path("roles");
            for (JsonNode held : roles) {
                if (role.equals(held.asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    private boolean issuedBefore(String token, long epochSecond) {
        try {
            return json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("iat").asLong() < epochSecond;
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return true;
        }
    }

    private boolean expired(String token) {
        try {
            return json.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("exp").asLong()
                    <= Instant.now().getEpochSecond();
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return true;
        }
    }

    /** The signing keys of the realm at {@code issuer}, by key id, fetched once they can be. */
    private Map<String, PublicKey> realmKeys(String issuer) throws IOException, GeneralSecurityException {
        Map<String, PublicKey> known = realmKeys.get(issuer);
        if (known != null) {
            return known;
        }
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/certs"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Map<String, PublicKey> keys = new HashMap<>();
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        for (JsonNode jwk : json.readTree(response.body()).path("keys")) {
            if ("RSA".equals(jwk.path("kty").asText()) && "sig".equals(jwk.path("use").asText("sig"))) {
                keys.put(jwk.path("kid").asText(), rsa.generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText())),
                        new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asText())))));
            }
        }
        if (!keys.isEmpty()) {
            realmKeys.put(issuer, keys);
        }
        return keys;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A reason as policy-service writes it. */
    private static Map<String, String> reason(String rule, String effect, String message) {
        return Map.of("policy_id", "policy-under-test", "rule", rule, "effect", effect, "message", message);
    }
}
