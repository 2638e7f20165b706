package io.connectors.types.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.ConnectorException.Fault;
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
import java.util.Set;

/**
 * The Slack Web API calls. Slack reports most errors as HTTP 200 with {@code {"ok": false, "error": "<code>"}}; the
 * codes are classified here like HTTP statuses elsewhere.
 */
@Singleton
class SlackClient {

    static final String TYPE = "slack";
    private static final Set<String> CONFIGURATION_ERRORS = Set.of("not_authed", "invalid_auth", "account_inactive",
            "token_revoked", "token_expired", "no_permission", "missing_scope", "not_allowed_token_type",
            "ekm_access_denied", "org_login_required", "team_access_not_granted", "access_denied", "two_factor_setup_required");
    private static final Set<String> EXTERNAL_ERRORS = Set.of("internal_error", "fatal_error", "service_unavailable",
            "request_timeout", "ratelimited", "team_added_to_org");
    private static final List<String> CHANNEL_FIELDS = List.of("id", "name", "is_private", "is_archived", "is_member",
            "num_members");

    private final VendorApi api;
    private final SlackType type;

    SlackClient(SafeHttpClient http, SlackType type) {
        this.api = new VendorApi(http, "Slack", body -> body.path("error").asText(null));
        this.type = type;
    }

    /** Posts to a channel the connector's {@code allowed_channels} permit (any, when not configured). */
    Uni<JsonNode> post(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "messages:post", given);
        String channel = params.required("channel");
        JsonNode allowed = Settings.config(context, type).get("allowed_channels");
        if (allowed.isArray() && !allowed.isEmpty() && !isAllowed(channel, allowed)) {
            return Uni.createFrom().failure(ConnectorException.caller("Channel " + channel
                    + " is not among the connector's allowed_channels"));
        }
        ObjectNode body = Json.copy(given, Json.object(), "channel", "text", "blocks", "thread_ts");
        body.put("reply_broadcast", params.flag("reply_broadcast"))
                .put("unfurl_links", params.flag("unfurl_links"))
                .put("unfurl_media", params.flag("unfurl_media"));
        SafeHttpRequest request = SafeHttpRequest.of("POST", base(context).path("/chat.postMessage").build())
                .withBody("application/json; charset=utf-8", Json.bytes(body));
        return call(context, request).onItem().transform(answer -> Json.copy(answer, Json.object(), "channel", "ts"));
    }

    /** One page of channels; {@code next_cursor} is null on the last page. */
    Uni<JsonNode> channels(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "channels:read", given);
        List<String> types = new ArrayList<>();
        params.get("types").forEach(channelType -> types.add(channelType.asText()));
        Urls url = base(context).path("/conversations.list")
                .query("types", String.join(",", types))
                .query("exclude_archived", params.flag("exclude_archived"))
                .query("limit", params.integer("limit"))
                .query("cursor", params.text("cursor"));
        return call(context, SafeHttpRequest.get(url.build())).onItem().transform(answer -> {
            ArrayNode channels = Json.array();
            answer.path("channels").forEach(channel ->
                    channels.add(Json.copy(channel, Json.object(), CHANNEL_FIELDS.toArray(String[]::new))));
            String next = answer.path("response_metadata").path("next_cursor").asText("");
            ObjectNode page = Json.object();
            page.set("channels", channels);
            return next.isEmpty() ? page.putNull("next_cursor") : page.put("next_cursor", next);
        });
    }

    /** {@code auth.test}: who the token belongs to. */
    Uni<JsonNode> check(OperationContext context) {
        return call(context, SafeHttpRequest.of("POST", base(context).path("/auth.test").build()))
                .onItem().transform(answer -> Json.copy(answer, Json.object().put("reachable", true), "team", "user", "team_id"));
    }

    private Uni<JsonNode> call(OperationContext context, SafeHttpRequest request) {
        String token = Settings.credentials(context, type).required("token");
        return api.json(context, request.withHeader("Authorization", "Bearer " + token)).onItem().transform(answer -> {
            if (answer.path("ok").asBoolean(false)) {
                return answer;
            }
            String error = answer.path("error").asText("unknown_error");
            if (CONFIGURATION_ERRORS.contains(error)) {
                throw api.failure(context, Fault.CONFIGURATION, error, false, null, 200);
            }
            if (EXTERNAL_ERRORS.contains(error)) {
                throw api.failure(context, Fault.EXTERNAL, error, true, null, 200);
            }
            throw api.failure(context, Fault.CALLER, error, false, null, 200);
        });
    }

    private Urls base(OperationContext context) {
        return Urls.base(Settings.credentials(context, type).required("base_url"), "credentials.base_url");
    }

    private static boolean isAllowed(String channel, JsonNode allowed) {
        String name = channel.startsWith("#") ? channel.substring(1) : channel;
        for (JsonNode entry : allowed) {
            if (entry.path("id").asText().equals(channel) || entry.path("name").asText().replaceFirst("^#", "").equals(name)) {
                return true;
            }
        }
        return false;
    }
}
