package io.connectors.types.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.connectors.types.runtime.ClientTls;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.OutboundGuard;
import io.connectors.types.runtime.Pem;
import io.connectors.types.runtime.SafeHttpClient;
import io.connectors.types.runtime.SafeHttpRequest;
import io.connectors.types.runtime.SafeHttpResponse;
import io.connectors.types.runtime.Settings;
import io.connectors.types.runtime.VendorApi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One request to the configured URL. Headers come from the configuration and the params; those that would change
 * where or how the request goes (Host, Authorization, framing) cannot be set there.
 */
@Singleton
class WebhookClient {

    static final String TYPE = "webhook";
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "authorization", "proxy-authorization",
            "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "expect",
            "cookie", "proxy-connection");

    private final SafeHttpClient http;
    private final VendorApi api;
    private final WebhookType type;

    WebhookClient(SafeHttpClient http, WebhookType type) {
        this.http = http;
        this.api = new VendorApi(http, "The webhook", WebhookClient::errorText);
        this.type = type;
    }

    /** Sends the body; answers the status and the response body (JSON when it parses, else text). */
    Uni<JsonNode> send(OperationContext context, JsonNode params) {
        Settings config = Settings.config(context, type);
        JsonNode body = params.get("body");
        byte[] content = body.isTextual() ? body.asText().getBytes(StandardCharsets.UTF_8) : Json.bytes(body);
        SafeHttpRequest request = request(context, config.required("method")).withBody("application/json", content);
        request = withHeaders(request, config.get("headers"), "config.headers");
        request = withHeaders(request, params.path("headers"), "params.headers");
        return api.call(context, request).onItem().transform(response -> {
            ObjectNode result = Json.object().put("status", response.status());
            JsonNode json = response.jsonOrNull();
            result.set("body", json.isNull() && response.body().length > 0 ? TextNode.valueOf(response.text()) : json);
            return result;
        });
    }

    /**
     * A {@code HEAD} request (safe by definition, RFC 9110) with the credentials: any answer but an authentication
     * failure or a server error shows the endpoint is reachable.
     */
    Uni<JsonNode> check(OperationContext context) {
        return http.send(request(context, "HEAD"), context.outbound()).onItem().transform(response -> {
            if (response.status() == 401 || response.status() == 403 || response.status() == 407 || response.status() >= 500) {
                throw api.failure(context, response);
            }
            return Json.object().put("reachable", true).put("status", response.status());
        });
    }

    private SafeHttpRequest request(OperationContext context, String method) {
        Settings credentials = Settings.credentials(context, type);
        URI url;
        try {
            url = OutboundGuard.checkUrl(new URI(credentials.required("url")));
        } catch (URISyntaxException e) {
            throw ConnectorException.configuration("credentials.url is not a valid URL");
        }
        SafeHttpRequest request = SafeHttpRequest.of(method.toUpperCase(Locale.ROOT), url);
        switch (credentials.required("auth_type")) {
            case "basic" -> {
                String pair = credentials.required("user") + ":" + credentials.required("password");
                request = request.withHeader("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            case "bearer" -> request = request.withHeader("Authorization", "Bearer " + credentials.required("token"));
            default -> {
                // none, or mtls: the client certificate goes in the TLS settings below
            }
        }
        return tls(context, credentials).map(request::withTls).orElse(request);
    }

    /** TLS settings when the configuration or the credentials differ from the defaults. */
    private Optional<ClientTls> tls(OperationContext context, Settings credentials) {
        Settings config = Settings.config(context, type);
        ClientTls.Verification verification = ClientTls.Verification.valueOf(config.required("verification_mode").toUpperCase(Locale.ROOT));
        TrustManagerFactory trust = config.has("ca") ? Pem.trustWithSystem(config.text("ca"), "config.ca") : null;
        KeyManagerFactory keys = null;
        if ("mtls".equals(credentials.text("auth_type"))) {
            keys = "pfx".equals(credentials.text("cert_type"))
                    ? Pem.pkcs12KeyManager(base64(credentials.required("pfx"), "credentials.pfx"), credentials.text("password"))
                    : Pem.keyManager(new String(base64(credentials.required("crt"), "credentials.crt"), StandardCharsets.US_ASCII),
                    new String(base64(credentials.required("key"), "credentials.key"), StandardCharsets.US_ASCII),
                    credentials.text("password"));
        }
        if (verification == ClientTls.Verification.FULL && trust == null && keys == null) {
            return Optional.empty();
        }
        return Optional.of(new ClientTls(verification, trust, keys));
    }

    private static SafeHttpRequest withHeaders(SafeHttpRequest request, JsonNode headers, String field) {
        SafeHttpRequest result = request;
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            if (RESERVED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                throw ConnectorException.caller(field + "." + header.getKey() + " cannot be set: the connector controls it");
            }
            result = result.withHeader(header.getKey(), header.getValue().asText());
        }
        return result;
    }

    private static byte[] base64(String value, String field) {
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ConnectorException.configuration(field + " is not base64");
        }
    }

    /** Webhook receivers have no common error format: a string, or a {@code message} or {@code error} field. */
    private static String errorText(JsonNode body) {
        if (body.isTextual()) {
            return body.asText();
        }
        for (String field : new String[]{"message", "error", "detail"}) {
            if (body.path(field).isTextual()) {
                return body.get(field).asText();
            }
        }
        return null;
    }
}
