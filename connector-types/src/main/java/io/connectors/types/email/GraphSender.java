package io.connectors.types.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.SafeHttpClient;
import io.connectors.types.runtime.SafeHttpRequest;
import io.connectors.types.runtime.Settings;
import io.connectors.types.runtime.TokenCache;
import io.connectors.types.runtime.Urls;
import io.connectors.types.runtime.VendorApi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exchange Online through Microsoft Graph: a client-credentials token from the Microsoft identity platform (cached
 * per connector), then {@code POST /users/{from}/sendMail}, which answers 202 without a body.
 */
@Singleton
class GraphSender {

    private final VendorApi api;
    private final TokenCache tokens;
    private final EmailConfig config;

    GraphSender(SafeHttpClient http, TokenCache tokens, EmailConfig config) {
        this.api = new VendorApi(http, "Microsoft Graph", GraphSender::errorText);
        this.tokens = tokens;
        this.config = config;
    }

    Uni<JsonNode> send(OperationContext context, Settings credentials, String from, JsonNode params) {
        ObjectNode message = Json.object().put("subject", params.get("subject").asText());
        message.putObject("body").put("contentType", "Text").put("content", params.get("message").asText());
        message.set("toRecipients", recipients(params.get("to")));
        message.set("ccRecipients", recipients(params.get("cc")));
        message.set("bccRecipients", recipients(params.get("bcc")));
        ObjectNode body = Json.object();
        body.set("message", message);
        body.put("saveToSentItems", true);
        Urls url = Urls.base(config.graphApiUrl(), "connectors.email.graph-api-url").path("/users").segment(from).path("/sendMail");
        return tokens.withToken(key(context, credentials), () -> newToken(context, credentials), token ->
                api.call(context, SafeHttpRequest.json("POST", url.build(), body).withHeader("Authorization", "Bearer " + token)))
                .onItem().transform(sent -> {
                    ObjectNode result = Json.object();
                    ArrayNode accepted = result.putArray("accepted");
                    for (String field : new String[]{"to", "cc", "bcc"}) {
                        params.path(field).forEach(accepted::add);
                    }
                    return result;
                });
    }

    /** A token proves tenant, client id and secret; with only Mail.Send granted Graph has no harmless call to add. */
    Uni<JsonNode> check(OperationContext context, Settings credentials) {
        return newToken(context, credentials).onItem().transform(token -> Json.object().put("reachable", true));
    }

    private Uni<TokenCache.Token> newToken(OperationContext context, Settings credentials) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", credentials.required("client_id"));
        form.put("client_secret", credentials.required("client_secret"));
        form.put("scope", config.graphApiScope());
        form.put("grant_type", "client_credentials");
        Urls url = Urls.base(config.loginUrl(), "connectors.email.login-url").segment(credentials.required("tenant_id"))
                .path("/oauth2/v2.0/token");
        return TokenCache.asConfigurationFailure(api.json(context, SafeHttpRequest.form(url.build(), form)).onItem().transform(answer -> {
            if (!answer.path("access_token").isTextual()) {
                throw ConnectorException.external("The Microsoft identity platform answered without an access_token", false);
            }
            return TokenCache.Token.expiringIn(answer.get("access_token").asText(), answer.path("expires_in").asLong(3599));
        }));
    }

    private static String key(OperationContext context, Settings credentials) {
        return TokenCache.key(context, credentials.required("tenant_id"), credentials.required("client_id"),
                credentials.required("client_secret"));
    }

    private static ArrayNode recipients(JsonNode addresses) {
        ArrayNode recipients = Json.array();
        if (addresses != null) {
            addresses.forEach(address -> recipients.addObject().putObject("emailAddress").put("address", address.asText()));
        }
        return recipients;
    }

    /** Graph: {@code {"error": {"code", "message"}}}; identity platform: {@code {"error": "invalid_client", "error_description"}}. */
    private static String errorText(JsonNode body) {
        JsonNode error = body.path("error");
        if (error.isTextual()) {
            return error.asText() + (body.hasNonNull("error_description") ? ": " + body.get("error_description").asText() : "");
        }
        if (error.isObject()) {
            return error.path("code").asText("") + ": " + error.path("message").asText("");
        }
        return null;
    }
}
