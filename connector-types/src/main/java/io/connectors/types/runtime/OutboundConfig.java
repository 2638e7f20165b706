package io.connectors.types.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** Global outbound rules, like Kibana's {@code xpack.actions.allowedHosts}. */
@ConfigMapping(prefix = "connectors.outbound")
public interface OutboundConfig {

    /**
     * Hosts any org may call: {@code example.com}, {@code *.example.com} (any subdomain) or an IP address; {@code *}
     * is any public host. Each org may add its own through {@link OutboundPolicy#allowedHosts()}.
     */
    @WithDefault("*")
    List<String> allowedHosts();

    /**
     * Hosts, addresses or CIDR ranges that may be reached although they are loopback, private, link-local or
     * otherwise non-public (e.g. {@code 127.0.0.1} for local fakes, {@code 10.20.0.0/16} for an on-premise Jira).
     */
    Optional<List<String>> allowedPrivateHosts();

    /** Redirects followed per call, each re-checked. */
    @WithDefault("5")
    int maxRedirects();
}
