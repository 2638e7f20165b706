package io.connectors.types.sentinelone;

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

/** The SentinelOne management API v2.1 calls. */
@Singleton
class SentinelOneClient {

    static final String TYPE = "sentinelone";
    private static final String API = "/web/api/v2.1";

    private final VendorApi api;
    private final SentinelOneType type;

    SentinelOneClient(SafeHttpClient http, SentinelOneType type) {
        this.api = new VendorApi(http, "SentinelOne", SentinelOneClient::errorText);
        this.type = type;
    }

    /** One page of threats, newest first; {@code next_cursor} is null on the last page. */
    Uni<JsonNode> threats(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "threats:read", given);
        Urls url = base(context).path(API + "/threats")
                .query("ids", list(params.get("ids")))
                .query("incidentStatuses", list(params.get("incident_statuses")))
                .query("createdAt__gt", params.text("created_after"))
                .query("createdAt__lt", params.text("created_before"))
                .query("computerName__contains", params.text("computer_name"))
                .query("siteIds", list(params.get("site_ids")))
                .query("limit", params.integer("limit"))
                .query("cursor", params.text("cursor"))
                .query("sortBy", "createdAt")
                .query("sortOrder", "desc");
        return api.json(context, authorized(context, SafeHttpRequest.get(url.build()))).onItem().transform(answer -> {
            ObjectNode page = Json.object();
            page.set("threats", answer.path("data").isArray() ? answer.get("data") : Json.array());
            JsonNode pagination = answer.path("pagination");
            page.put("total", pagination.path("totalItems").asInt());
            return pagination.hasNonNull("nextCursor") ? page.put("next_cursor", pagination.get("nextCursor").asText())
                    : page.putNull("next_cursor");
        });
    }

    /** Network-disconnects the agents; SentinelOne answers how many it affected. */
    Uni<JsonNode> isolate(OperationContext context, JsonNode params) {
        ObjectNode body = Json.object();
        body.putObject("filter").set("ids", params.get("ids"));
        SafeHttpRequest request = SafeHttpRequest.json("POST", base(context).path(API + "/agents/actions/disconnect").build(), body);
        return api.json(context, authorized(context, request)).onItem().transform(answer -> Json.object()
                .put("requested", params.get("ids").size())
                .put("affected", answer.path("data").path("affected").asInt()));
    }

    /** Lists one threat: proves URL, token and its read scope. */
    Uni<JsonNode> check(OperationContext context) {
        Urls url = base(context).path(API + "/threats").query("limit", 1);
        return api.json(context, authorized(context, SafeHttpRequest.get(url.build()))).onItem().transform(answer ->
                Json.object().put("reachable", true).put("threats_total", answer.path("pagination").path("totalItems").asInt()));
    }

    private SafeHttpRequest authorized(OperationContext context, SafeHttpRequest request) {
        return request.withHeader("Authorization", "ApiToken " + Settings.credentials(context, type).required("token"))
                .withHeader("Accept", "application/json");
    }

    private Urls base(OperationContext context) {
        return Urls.base(Settings.credentials(context, type).required("base_url"), "credentials.base_url");
    }

    /** Filters take comma-separated lists. */
    private static String list(JsonNode array) {
        if (!array.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return String.join(",", values);
    }

    /** {@code {"errors": [{"code": 4010010, "title": "Authentication Failed", "detail": null}]}} */
    private static String errorText(JsonNode body) {
        List<String> parts = new ArrayList<>();
        body.path("errors").forEach(error -> {
            String title = error.path("title").asText("");
            String detail = error.path("detail").isTextual() ? error.get("detail").asText() : "";
            parts.add(detail.isEmpty() ? title : title + ": " + detail);
        });
        parts.removeIf(String::isBlank);
        return parts.isEmpty() ? null : String.join("; ", parts);
    }
}
