package io.connectors.types.opsgenie;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.SafeHttpClient;
import io.connectors.types.runtime.SafeHttpRequest;
import io.connectors.types.runtime.Settings;
import io.connectors.types.runtime.Urls;
import io.connectors.types.runtime.VendorApi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The Opsgenie Alert API v2. Create and close are asynchronous: Opsgenie answers 202 with a requestId whose outcome
 * {@code GET /v2/alerts/requests/<id>} tells.
 */
@Singleton
class OpsgenieClient {

    static final String TYPE = "opsgenie";

    private final VendorApi api;
    private final OpsgenieType type;

    OpsgenieClient(SafeHttpClient http, OpsgenieType type) {
        this.api = new VendorApi(http, "Opsgenie", OpsgenieClient::errorText);
        this.type = type;
    }

    Uni<JsonNode> create(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "alerts:create", given);
        ObjectNode body = Json.copy(given, Json.object(), "message", "alias", "description", "responders");
        if (params.has("visible_to")) {
            body.set("visibleTo", params.get("visible_to"));
        }
        Json.copy(given, body, "actions", "tags", "details", "entity", "source");
        body.put("priority", params.text("priority"));
        Json.copy(given, body, "user", "note");
        return accepted(context, SafeHttpRequest.json("POST", base(context).path("/v2/alerts").build(), body));
    }

    Uni<JsonNode> close(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "alerts:close", given);
        Urls url = base(context).path("/v2/alerts").segment(params.required("identifier")).path("/close")
                .query("identifierType", params.text("identifier_type"));
        ObjectNode body = Json.copy(given, Json.object(), "user", "source", "note");
        return accepted(context, SafeHttpRequest.json("POST", url.build(), body));
    }

    /** Lists one alert: proves URL, key and its read access. */
    Uni<JsonNode> check(OperationContext context) {
        Urls url = base(context).path("/v2/alerts").query("limit", 1);
        return api.json(context, authorized(context, SafeHttpRequest.get(url.build())))
                .onItem().transform(answer -> Json.object().put("reachable", true));
    }

    private Uni<JsonNode> accepted(OperationContext context, SafeHttpRequest request) {
        return api.json(context, authorized(context, request)).onItem().transform(answer -> Json.object()
                .put("result", answer.path("result").asText(null))
                .put("request_id", answer.path("requestId").asText(null)));
    }

    private SafeHttpRequest authorized(OperationContext context, SafeHttpRequest request) {
        return request.withHeader("Authorization", "GenieKey " + Settings.credentials(context, type).required("api_key"));
    }

    private Urls base(OperationContext context) {
        return Urls.base(Settings.credentials(context, type).required("base_url"), "credentials.base_url");
    }

    /** {@code {"message": "Request body is not processable.", "errors": {"message": "..."}, "took": 0.0, "requestId": "..."}} */
    private static String errorText(JsonNode body) {
        List<String> parts = new ArrayList<>();
        if (body.hasNonNull("message")) {
            parts.add(body.get("message").asText());
        }
        body.path("errors").properties().forEach(error -> parts.add(error.getKey() + ": " + error.getValue().asText()));
        return parts.isEmpty() ? null : String.join("; ", parts);
    }
}
