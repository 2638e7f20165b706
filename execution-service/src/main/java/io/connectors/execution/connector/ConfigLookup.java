package io.connectors.execution.connector;

import io.connectors.execution.ExecutionConfig;
import io.connectors.execution.auth.ServiceTokens;
import io.connectors.platform.events.v1.ConfigChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Asks config-service for a connector this replica has not heard of yet (created a moment ago: its event is still on
 * the way). Null when config-service has none of that id in the org, or cannot say now: the caller then answers 404,
 * as it would have without asking. A 401 is retried once with a renewed token.
 */
@ApplicationScoped
class ConfigLookup {

    private static final Logger LOG = Logger.getLogger(ConfigLookup.class);

    private final ConfigApi api;
    private final ServiceTokens tokens;
    private final Duration timeout;

    ConfigLookup(@RestClient ConfigApi api, ServiceTokens tokens, ExecutionConfig config) {
        this.api = api;
        this.tokens = tokens;
        this.timeout = config.configLookup().timeout();
    }

    Uni<ConfigChanged> find(String orgId, String id) {
        return tokens.authorization()
                .chain(authorization -> api.connector(authorization, orgId, id)
                        .onFailure(failure -> status(failure) == 401).recoverWithUni(() -> tokens.renewAfterRejection(authorization)
                                .chain(renewed -> api.connector(renewed, orgId, id))))
                .ifNoItem().after(timeout).fail()
                .onFailure(failure -> status(failure) == 404).recoverWithNull()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("config-service could not be asked about connector %s: %s", id, failure.toString());
                    return null;
                })
                .map(change -> change != null && id.equals(change.id()) && orgId.equals(change.orgId()) ? change : null);
    }

    private static int status(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse() != null ? web.getResponse().getStatus() : 0;
    }
}
