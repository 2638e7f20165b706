package io.connectors.execution.policy;

import io.connectors.execution.ExecutionConfig;
import io.connectors.execution.auth.ServiceTokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Asks policy-service for a decision, with a timeout and a circuit breaker. Never retried on failure: a decision is
 * not idempotent (an escalation creates an approval request), so a timeout is an error, not a second ask. The one
 * exception is a 401: the token was refused before anything was decided, so the request is sent once more with a
 * renewed token, and a refused token never counts against the breaker (an expiry is not an outage). Every failure
 * becomes a {@link PolicyUnavailableException}: without a decision nothing runs.
 */
@ApplicationScoped
public class PolicyClient {

    private static final Logger LOG = Logger.getLogger(PolicyClient.class);

    private final PolicyApi api;
    private final ServiceTokens tokens;
    private final Duration timeout;

    public PolicyClient(@RestClient PolicyApi api, ServiceTokens tokens, ExecutionConfig config) {
        this.api = api;
        this.tokens = tokens;
        this.timeout = config.policy().timeout();
    }

    public Uni<Decision> decide(DecisionRequest request) {
        return guardedDecide(request).onFailure().transform(PolicyClient::unavailable);
    }

    /** The deadline is inside the breaker, so a policy engine that stops answering opens it like one that fails. */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = TokenRefused.class)
    Uni<Decision> guardedDecide(DecisionRequest request) {
        return tokens.authorization()
                .chain(authorization -> api.decide(authorization, request)
                        .onFailure(PolicyClient::isUnauthorized).recoverWithUni(() -> tokens.renewAfterRejection(authorization)
                                .chain(renewed -> api.decide(renewed, request)))
                        .onFailure(PolicyClient::isUnauthorized).transform(failure -> new TokenRefused()))
                .ifNoItem().after(timeout).failWith(() -> {
                    LOG.warnf("No decision from policy-service within %s", timeout);
                    return new PolicyUnavailableException("The policy engine did not answer within " + timeout.toMillis() + " ms", true);
                })
                .map(decision -> {
                    if (decision == null || !decision.isUsable(request.orgId())) {
                        throw new PolicyUnavailableException("The policy engine answered with a decision this service cannot use", false);
                    }
                    return decision;
                });
    }

    /** policy-service refused even a freshly issued token: a configuration problem, not an outage of the engine. */
    static final class TokenRefused extends RuntimeException {
        TokenRefused() {
            super("policy-service refused this service's token (HTTP 401) twice", null, false, false);
        }
    }

    private static boolean isUnauthorized(Throwable failure) {
        return failure instanceof WebApplicationException web && web.getResponse() != null
                && web.getResponse().getStatus() == 401;
    }

    /** Any failure to get a decision, as the reason nothing ran. */
    public static PolicyUnavailableException unavailable(Throwable failure) {
        if (failure instanceof PolicyUnavailableException known) {
            return known;
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new PolicyUnavailableException("The policy engine is failing; its circuit breaker is open", true);
        }
        if (failure instanceof TokenRefused) {
            LOG.error(failure.getMessage());
            return new PolicyUnavailableException("The policy engine refused this service's credentials", false);
        }
        if (failure instanceof WebApplicationException web && web.getResponse() != null
                && web.getResponse().getStatus() < 500 && web.getResponse().getStatus() != 429) {
            LOG.warnf("policy-service refused a decision request with HTTP %d (%s)", web.getResponse().getStatus(), causes(failure));
            return new PolicyUnavailableException("The policy engine refused the decision request (HTTP "
                    + web.getResponse().getStatus() + ")", false);
        }
        LOG.warnf("No decision from policy-service: %s", causes(failure));
        return new PolicyUnavailableException("The policy engine is unavailable", true);
    }

    /** The failure and its causes, for the operator: types and messages (transport errors; no request bodies). */
    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null && text.length() < 1000; cause = cause.getCause()) {
            text.append(text.isEmpty() ? "" : " <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }
}
