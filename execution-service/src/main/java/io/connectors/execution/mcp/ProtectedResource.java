package io.connectors.execution.mcp;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP endpoint as an OAuth 2.0 protected resource (RFC 9728, as the MCP authorization spec asks): its metadata
 * names the realm as the authorization server, and every 401 of {@code /mcp} points at the metadata in its
 * {@code WWW-Authenticate} challenge, so a client can discover where to get a token.
 */
@ApplicationScoped
public class ProtectedResource {

    static final String METADATA_PATH = "/.well-known/oauth-protected-resource";

    private final McpConfig config;

    ProtectedResource(McpConfig config) {
        this.config = config;
    }

    Map<String, Object> metadata(HttpServerRequest request) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", baseUrl(request) + "/mcp");
        metadata.put("authorization_servers", List.of(config.authorizationServer()));
        metadata.put("scopes_supported", config.scopes());
        metadata.put("bearer_methods_supported", List.of("header"));
        metadata.put("resource_name", "Connectors control plane (MCP)");
        return metadata;
    }

    /** The {@code WWW-Authenticate} value of a 401; {@code error} is RFC 6750's code, when the token was refused. */
    String challenge(HttpServerRequest request, String error) {
        return "Bearer resource_metadata=\"" + baseUrl(request) + METADATA_PATH + "\""
                + (error == null ? "" : ", error=\"" + error + "\"");
    }

    /** The configured public URL, or the one this request reached (scheme and Host as the gateway forwards them). */
    String baseUrl(HttpServerRequest request) {
        if (config.publicUrl().isPresent()) {
            String url = config.publicUrl().get();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        String proto = request.getHeader("X-Forwarded-Proto");
        String scheme = "https".equals(proto) || "http".equals(proto) ? proto : request.scheme();
        String host = request.authority() == null ? "localhost" : request.authority().toString();
        return scheme + "://" + host;
    }
}
