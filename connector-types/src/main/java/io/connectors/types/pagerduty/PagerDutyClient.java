package io.connectors.types.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.SafeHttpClient;
import io.connectors.types.runtime.SafeHttpRequest;
import io.connectors.types.runtime.Settings;
import io.connectors.types.runtime.Urls;
import io.connectors.types.runtime.VendorApi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The PagerDuty Events API v2: every action is one event sent to {@code POST /v2/enqueue}. */
@Singleton
class PagerDutyClient {

    static final String TYPE = "pagerduty";
    private static final String[] PAYLOAD_FIELDS = {"summary", "source", "severity", "timestamp", "component", "group",
            "class", "custom_details"};
    private static final String[] EVENT_FIELDS = {"dedup_key", "links", "images", "client", "client_url"};

    private final VendorApi api;
    private final PagerDutyType type;

    PagerDutyClient(SafeHttpClient http, PagerDutyType type) {
        this.api = new VendorApi(http, "PagerDuty", PagerDutyClient::errorText);
        this.type = type;
    }

    Uni<JsonNode> trigger(OperationContext context, JsonNode params) {
        ObjectNode event = Json.copy(params, event(context, "trigger"), EVENT_FIELDS);
        event.set("payload", Json.copy(params, Json.object(), PAYLOAD_FIELDS));
        return enqueue(context, event);
    }

    /** {@code acknowledge} or {@code resolve} the alert with the params' dedup_key. */
    Uni<JsonNode> followUp(OperationContext context, String action, JsonNode params) {
        return enqueue(context, Json.copy(params, event(context, action), "dedup_key"));
    }

    /**
     * The Events API has no read endpoint, so the check sends an event the API rejects before acting on it (an
     * acknowledge without dedup_key): a 400 {@code invalid event} proves URL, TLS and API; the routing key itself is
     * only checked by a real event.
     */
    Uni<JsonNode> check(OperationContext context) {
        return api.call(context, SafeHttpRequest.json("POST", enqueueUrl(context), event(context, "acknowledge")))
                .onItem().<JsonNode>transform(accepted -> Json.object().put("reachable", true))
                // Any other failure (a blocked target, a 5xx) is the check's answer as it is: rethrowing inside a
                // recover step would wrap it and hide the reason.
                .onFailure(failure -> failure instanceof ConnectorException connector && connector.upstreamStatus() == 400)
                .recoverWithItem(failure -> Json.object().put("reachable", true).put("routing_key_verified", false));
    }

    private Uni<JsonNode> enqueue(OperationContext context, ObjectNode event) {
        return api.json(context, SafeHttpRequest.json("POST", enqueueUrl(context), event))
                .onFailure(ConnectorException.class).transform(failure -> routingKeyFault((ConnectorException) failure))
                .onItem().transform(answer -> Json.copy(answer, Json.object(), "status", "message", "dedup_key"));
    }

    private ObjectNode event(OperationContext context, String action) {
        return Json.object()
                .put("routing_key", Settings.credentials(context, type).required("routing_key"))
                .put("event_action", action);
    }

    private URI enqueueUrl(OperationContext context) {
        return Urls.base(Settings.credentials(context, type).required("base_url"), "credentials.base_url")
                .path("/v2/enqueue").build();
    }

    /** A 400 about the routing key is the stored credential's fault, not the caller's params'. */
    private static ConnectorException routingKeyFault(ConnectorException failure) {
        return failure.upstreamStatus() == 400 && failure.getMessage().contains("routing_key")
                ? failure.withFault(ConnectorException.Fault.CONFIGURATION) : failure;
    }

    /** {@code {"status": "invalid event", "message": "Event object is invalid", "errors": ["..."]}} */
    private static String errorText(JsonNode body) {
        List<String> parts = new ArrayList<>();
        if (body.hasNonNull("message")) {
            parts.add(body.get("message").asText());
        }
        body.path("errors").forEach(error -> parts.add(error.asText()));
        return parts.isEmpty() ? null : String.join("; ", parts);
    }
}
