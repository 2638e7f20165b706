package io.connectors.execution.mcp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** The MCP endpoint ({@code /mcp}) and its OAuth protected-resource metadata. */
@ConfigMapping(prefix = "connectors.execution.mcp")
public interface McpConfig {

    /**
     * Browser origins allowed to call {@code /mcp} (exact, or {@code http://host:*} for any port). A request without
     * an Origin header (every non-browser client) is not affected; any other origin is refused with 403, against DNS
     * rebinding.
     */
    Optional<List<String>> allowedOrigins();

    /** Tools per tools/list page. */
    @WithDefault("100")
    int pageSize();

    /**
     * The public base URL the suite is reached at (the gateway, e.g. {@code https://connectors.example.com}): the
     * resource identifier is this plus {@code /mcp}. Unset: taken from the request (Host, X-Forwarded-Proto).
     */
    Optional<String> publicUrl();

    /** The authorization server named in the metadata: the realm's issuer. */
    @WithDefault("${quarkus.oidc.auth-server-url}")
    String authorizationServer();

    /** Scopes a client asks the realm for; roles, not scopes, decide what a token may do here. */
    @WithDefault("openid")
    List<String> scopes();
}
