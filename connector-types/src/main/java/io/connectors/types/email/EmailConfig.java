package io.connectors.types.email;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Exchange Online is reached, and the one SMTP relaxation tests need (like Kibana's microsoftGraphApiUrl). */
@ConfigMapping(prefix = "connectors.email")
public interface EmailConfig {

    @WithDefault("https://graph.microsoft.com/v1.0")
    String graphApiUrl();

    @WithDefault("https://graph.microsoft.com/.default")
    String graphApiScope();

    /** Microsoft identity platform; the token endpoint is {@code <login-url>/<tenant_id>/oauth2/v2.0/token}. */
    @WithDefault("https://login.microsoftonline.com")
    String loginUrl();

    /**
     * SMTP AUTH on a connection that could not be upgraded with STARTTLS. Off: the password is never sent in clear;
     * on only for local test servers.
     */
    @WithDefault("false")
    boolean allowPlaintextAuth();
}
