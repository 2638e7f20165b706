package io.connectors.types.crowdstrike;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.SafeHttpClient;
import io.connectors.types.runtime.SafeHttpRequest;
import io.connectors.types.runtime.SafeHttpResponse;
import io.connectors.types.runtime.Settings;
import io.connectors.types.runtime.TokenCache;
import io.connectors.types.runtime.Urls;
import io.connectors.types.runtime.VendorApi;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** The Falcon API calls; see the package documentation for the endpoints. */
@Singleton
class CrowdStrikeClient {

    static final String TYPE = "crowdstrike";
    /** Documented maxima of ids per entities request. */
    private static final int ALERTS_PER_REQUEST = 1000;
    private static final int DEVICES_PER_REQUEST = 100;

    private final VendorApi api;
    private final TokenCache tokens;
    private final CrowdStrikeType type;

    CrowdStrikeClient(SafeHttpClient http, TokenCache tokens, CrowdStrikeType type) {
        this.api = new VendorApi(http, "CrowdStrike", CrowdStrikeClient::errorText, CrowdStrikeClient::retryAfter);
        this.tokens = tokens;
        this.type = type;
    }

    /** One page of alert ids matching the filter, then their details. */
    Uni<JsonNode> detections(OperationContext context, JsonNode given) {
        Session session = new Session(context);
        Settings params = Settings.params(context, type, "detections:read", given);
        Urls query = session.url("/alerts/queries/alerts/v2")
                .query("filter", params.text("filter"))
                .query("q", params.text("q"))
                .query("sort", params.text("sort"))
                .query("limit", params.integer("limit"))
                .query("offset", params.integer("offset"));
        return session.get(query).onItem().transformToUni(page -> entities(resources(page), ALERTS_PER_REQUEST,
                        ids -> session.post(session.url("/alerts/entities/alerts/v2"), Json.object().set("composite_ids", array(ids))))
                .onItem().transform(alerts -> paged("detections", alerts, page)));
    }

    /** Hosts by id, or one page of host ids matching the filter and then their details. */
    Uni<JsonNode> hosts(OperationContext context, JsonNode given) {
        Session session = new Session(context);
        Settings params = Settings.params(context, type, "hosts:read", given);
        if (params.has("ids")) {
            List<String> ids = strings(params.get("ids"));
            return devices(session, ids).onItem().transform(hosts -> {
                ObjectNode result = Json.object();
                result.set("hosts", hosts);
                return result.put("total", hosts.size());
            });
        }
        Urls query = session.url("/devices/queries/devices/v1")
                .query("filter", params.text("filter"))
                .query("sort", params.text("sort"))
                .query("limit", params.integer("limit"))
                .query("offset", params.integer("offset"));
        return session.get(query).onItem().transformToUni(page -> devices(session, resources(page))
                .onItem().transform(hosts -> paged("hosts", hosts, page)));
    }

    /** {@code contain} or {@code lift_containment}; answers which hosts the action was accepted for. */
    Uni<JsonNode> hostAction(OperationContext context, String action, JsonNode params) {
        Session session = new Session(context);
        Urls url = session.url("/devices/entities/devices-actions/v2").query("action_name", action);
        return session.post(url, Json.object().set("ids", params.get("ids"))).onItem().transform(answer -> {
            ObjectNode result = Json.object().put("action", action);
            result.set("hosts", answer.path("resources"));
            if (!answer.path("errors").isEmpty()) {
                result.set("errors", answer.path("errors"));
            }
            return result;
        });
    }

    /** A token and the cheapest authorised read. */
    Uni<JsonNode> check(OperationContext context) {
        Session session = new Session(context);
        return session.get(session.url("/devices/queries/devices/v1").query("limit", 1)).onItem().transform(page ->
                Json.object().put("reachable", true)
                        .put("hosts_total", page.path("meta").path("pagination").path("total").asInt()));
    }

    private Uni<ArrayNode> devices(Session session, List<String> ids) {
        return entities(ids, DEVICES_PER_REQUEST, chunk -> {
            Urls url = session.url("/devices/entities/devices/v2");
            chunk.forEach(id -> url.query("ids", id));
            return session.get(url);
        });
    }

    /** Details of {@code ids}, requested in chunks one after the other (the API is rate limited per client). */
    private static Uni<ArrayNode> entities(List<String> ids, int perRequest, Function<List<String>, Uni<JsonNode>> fetch) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += perRequest) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + perRequest)));
        }
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> fetch.apply(chunk))
                .collect().in(Json::array, (all, page) -> all.addAll((ArrayNode) page.path("resources")));
    }

    private static ObjectNode paged(String name, ArrayNode items, JsonNode page) {
        JsonNode pagination = page.path("meta").path("pagination");
        ObjectNode result = Json.object();
        result.set(name, items);
        return result.put("total", pagination.path("total").asInt(items.size()))
                .put("offset", pagination.path("offset").asInt())
                .put("limit", pagination.path("limit").asInt());
    }

    private static List<String> resources(JsonNode page) {
        return page.path("resources").isArray() ? strings(page.path("resources")) : List.of();
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode array = Json.array();
        values.forEach(array::add);
        return array;
    }

    /** {@code {"errors": [{"code": 403, "message": "access denied, authorization failed"}]}} */
    private static String errorText(JsonNode body) {
        String messages = StreamSupport.stream(body.path("errors").spliterator(), false)
                .map(error -> error.path("message").asText(""))
                .filter(message -> !message.isBlank())
                .collect(Collectors.joining("; "));
        return messages.isEmpty() ? null : messages;
    }

    /** {@code X-RateLimit-RetryAfter} is the epoch second from which requests are accepted again. */
    private static Optional<Duration> retryAfter(SafeHttpResponse response) {
        Optional<String> header = response.header("X-RateLimit-RetryAfter").map(String::trim);
        if (header.isPresent() && header.get().matches("[0-9]{1,12}")) {
            Duration wait = Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(header.get())));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        }
        return VendorApi.retryAfterHeader(response);
    }

    /** The calls of one operation: base URL, OAuth token (cached per connector, renewed once when rejected). */
    private final class Session {

        private final OperationContext context;
        private final String baseUrl;
        private final String clientId;
        private final String clientSecret;
        private final String tokenKey;

        Session(OperationContext context) {
            Settings credentials = Settings.credentials(context, type);
            this.context = context;
            this.baseUrl = credentials.required("base_url");
            this.clientId = credentials.required("client_id");
            this.clientSecret = credentials.required("client_secret");
            this.tokenKey = TokenCache.key(context, baseUrl, clientId, clientSecret);
        }

        Urls url(String path) {
            return Urls.base(baseUrl, "credentials.base_url").path(path);
        }

        Uni<JsonNode> get(Urls url) {
            return authorized(SafeHttpRequest.get(url.build()));
        }

        Uni<JsonNode> post(Urls url, JsonNode body) {
            return authorized(SafeHttpRequest.json("POST", url.build(), body));
        }

        private Uni<JsonNode> authorized(SafeHttpRequest request) {
            return tokens.withToken(tokenKey, this::newToken, token -> api.json(context, request
                    .withHeader("Authorization", "Bearer " + token)
                    .withHeader("Accept", "application/json")));
        }

        private Uni<TokenCache.Token> newToken() {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("client_id", clientId);
            form.put("client_secret", clientSecret);
            SafeHttpRequest request = SafeHttpRequest.form(url("/oauth2/token").build(), form)
                    .withHeader("Accept", "application/json");
            return TokenCache.asConfigurationFailure(api.json(context, request).onItem().transform(answer -> {
                if (!answer.path("access_token").isTextual()) {
                    throw ConnectorException.external("CrowdStrike answered the token request without an access_token", false);
                }
                return TokenCache.Token.expiringIn(answer.get("access_token").asText(), answer.path("expires_in").asLong(1799));
            }));
        }
    }
}
