package io.connectors.types.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.Pem;
import io.connectors.types.runtime.SafeHttpClient;
import io.connectors.types.runtime.SafeHttpRequest;
import io.connectors.types.runtime.Settings;
import io.connectors.types.runtime.TokenCache;
import io.connectors.types.runtime.Urls;
import io.connectors.types.runtime.VendorApi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ServiceNow Table API on the incident table, with Basic authentication or an OAuth token from the JWT bearer
 * grant (cached per connector, renewed once when rejected).
 */
@Singleton
class ServiceNowClient {

    static final String TYPE = "servicenow";
    private static final String TABLE = "/api/now/table/incident";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final long ASSERTION_SECONDS = 300;

    private final VendorApi api;
    private final TokenCache tokens;
    private final ServiceNowType type;

    ServiceNowClient(SafeHttpClient http, TokenCache tokens, ServiceNowType type) {
        this.api = new VendorApi(http, "ServiceNow", ServiceNowClient::errorText);
        this.tokens = tokens;
        this.type = type;
    }

    Uni<JsonNode> create(OperationContext context, JsonNode params) {
        Urls url = table(context).query("sysparm_exclude_reference_link", true);
        return send(context, SafeHttpRequest.json("POST", url.build(), params))
                .onItem().transform(answer -> incident(answer.path("result")));
    }

    /** By sys_id, else a page of incidents by number and/or encoded query, newest first. */
    Uni<JsonNode> read(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "incidents:read", given);
        String fields = params.has("fields") ? join(params.get("fields")) : null;
        Urls url;
        if (params.has("sys_id")) {
            url = table(context).segment(params.text("sys_id"));
        } else {
            List<String> query = new ArrayList<>();
            if (params.has("number")) {
                query.add("number=" + params.text("number"));
            }
            if (params.has("query")) {
                query.add(params.text("query"));
            }
            query.add("ORDERBYDESCsys_created_on");
            url = table(context).query("sysparm_query", String.join("^", query))
                    .query("sysparm_limit", params.integer("limit"))
                    .query("sysparm_offset", params.integer("offset"));
        }
        url.query("sysparm_fields", fields).query("sysparm_exclude_reference_link", true);
        return send(context, SafeHttpRequest.get(url.build())).onItem().transform(answer -> {
            JsonNode result = answer.path("result");
            ArrayNode incidents = Json.array();
            if (result.isArray()) {
                incidents.addAll((ArrayNode) result);
            } else if (result.isObject()) {
                incidents.add(result);
            }
            ObjectNode found = Json.object();
            found.set("incidents", incidents);
            return found;
        });
    }

    Uni<JsonNode> update(OperationContext context, JsonNode params) {
        Urls url = table(context).segment(params.path("sys_id").asText()).query("sysparm_exclude_reference_link", true);
        return send(context, SafeHttpRequest.json("PATCH", url.build(), params.path("fields")))
                .onItem().transform(answer -> incident(answer.path("result")));
    }

    /** One sys_id of the incident table: proves URL, credentials and the table's read role. */
    Uni<JsonNode> check(OperationContext context) {
        Urls url = table(context).query("sysparm_limit", 1).query("sysparm_fields", "sys_id");
        return send(context, SafeHttpRequest.get(url.build()))
                .onItem().transform(answer -> Json.object().put("reachable", true));
    }

    private static ObjectNode incident(JsonNode result) {
        ObjectNode answer = Json.object();
        answer.set("incident", result);
        return answer;
    }

    private Urls table(OperationContext context) {
        return base(context).path(TABLE);
    }

    private Urls base(OperationContext context) {
        return Urls.base(Settings.credentials(context, type).required("base_url"), "credentials.base_url");
    }

    /** {@code request} with Basic authentication, or with a bearer token when the connector uses OAuth. */
    private Uni<JsonNode> send(OperationContext context, SafeHttpRequest request) {
        Settings credentials = Settings.credentials(context, type);
        if (!credentials.flag("is_oauth")) {
            String pair = credentials.required("username") + ":" + credentials.required("password");
            String basic = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            return api.json(context, request.withHeader("Authorization", basic).withHeader("Accept", "application/json"));
        }
        String key = TokenCache.key(context, credentials.required("base_url"), credentials.required("client_id"),
                credentials.required("client_secret"), credentials.required("user_identifier_value"),
                credentials.required("jwt_key_id"), credentials.required("private_key"));
        return tokens.withToken(key, () -> newToken(context, credentials), token -> api.json(context,
                request.withHeader("Authorization", "Bearer " + token).withHeader("Accept", "application/json")));
    }

    private Uni<TokenCache.Token> newToken(OperationContext context, Settings credentials) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", JWT_BEARER);
        form.put("client_id", credentials.required("client_id"));
        form.put("client_secret", credentials.required("client_secret"));
        form.put("assertion", assertion(credentials));
        SafeHttpRequest request = SafeHttpRequest.form(base(context).path("/oauth_token.do").build(), form)
                .withHeader("Accept", "application/json");
        return TokenCache.asConfigurationFailure(api.json(context, request).onItem().transform(answer -> {
            if (!answer.path("access_token").isTextual()) {
                throw ConnectorException.external("ServiceNow answered the token request without an access_token", false);
            }
            return TokenCache.Token.expiringIn(answer.get("access_token").asText(), answer.path("expires_in").asLong(1799));
        }));
    }

    /** The JWT of the bearer grant: RS256 with the configured key, issued by and for the OAuth client. */
    private static String assertion(Settings credentials) {
        PrivateKey key = Pem.privateKey(credentials.required("private_key"), credentials.text("private_key_password"),
                "credentials.private_key");
        long now = Instant.now().getEpochSecond();
        ObjectNode header = Json.object().put("alg", "RS256").put("typ", "JWT").put("kid", credentials.required("jwt_key_id"));
        ObjectNode claims = Json.object()
                .put("iss", credentials.required("client_id"))
                .put("sub", credentials.required("user_identifier_value"))
                .put("aud", credentials.required("client_id"))
                .put("iat", now)
                .put("exp", now + ASSERTION_SECONDS)
                .put("jti", UUID.randomUUID().toString());
        String signed = base64Url(Json.bytes(header)) + "." + base64Url(Json.bytes(claims));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw ConnectorException.configuration("credentials.private_key cannot sign RS256 JWTs (it must be an RSA key)");
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return String.join(",", values);
    }

    /** {@code {"error": {"message": "No Record found", "detail": "..."}, "status": "failure"}} */
    private static String errorText(JsonNode body) {
        JsonNode error = body.path("error");
        if (error.isTextual()) {
            // The OAuth endpoint: {"error": "access_denied", "error_description": "..."}
            return error.asText() + (body.hasNonNull("error_description") ? ": " + body.get("error_description").asText() : "");
        }
        String message = error.path("message").asText("");
        String detail = error.path("detail").asText("");
        String text = detail.isEmpty() || detail.equals(message) ? message : message + " (" + detail + ")";
        return text.isEmpty() ? null : text;
    }
}
