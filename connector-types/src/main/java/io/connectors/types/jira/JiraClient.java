package io.connectors.types.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.SafeHttpClient;
import io.connectors.types.runtime.SafeHttpRequest;
import io.connectors.types.runtime.Settings;
import io.connectors.types.runtime.Urls;
import io.connectors.types.runtime.VendorApi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The Jira REST calls. Major version 1 speaks REST API v2 (plain-text fields; Basic auth with an email, else a Bearer
 * personal access token); major version 2 speaks Jira Cloud REST API v3 (Atlassian Document Format; Basic auth).
 */
@Singleton
class JiraClient {

    static final String TYPE = "jira";

    private final VendorApi api;
    private final JiraType type;

    JiraClient(SafeHttpClient http, JiraType type) {
        this.api = new VendorApi(http, "Jira", JiraClient::errorText);
        this.type = type;
    }

    Uni<JsonNode> create(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "issues:create", given);
        ObjectNode fields = Json.object();
        fields.putObject("project").put("key", Settings.config(context, type).required("project_key"));
        fields.put("summary", params.text("summary"));
        fields.putObject("issuetype").put("name", params.text("issue_type"));
        if (params.has("description")) {
            fields.set("description", text(context, params.text("description")));
        }
        if (params.has("priority")) {
            fields.putObject("priority").put("name", params.text("priority"));
        }
        if (params.has("labels")) {
            fields.set("labels", params.get("labels"));
        }
        ObjectNode body = Json.object();
        body.set("fields", fields);
        return api.json(context, request(context, "POST", api(context).path("/issue"), body))
                .onItem().transform(created -> Json.copy(created, Json.object(), "id", "key", "self"));
    }

    Uni<JsonNode> read(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "issues:read", given);
        Urls url = api(context).path("/issue").segment(params.required("issue_key"));
        if (params.has("fields")) {
            List<String> fields = new ArrayList<>();
            params.get("fields").forEach(field -> fields.add(field.asText()));
            url.query("fields", String.join(",", fields));
        }
        return api.json(context, request(context, "GET", url, null))
                .onItem().transform(issue -> Json.copy(issue, Json.object(), "id", "key", "self", "fields"));
    }

    Uni<JsonNode> comment(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "issues:comment", given);
        ObjectNode body = Json.object();
        body.set("body", text(context, params.required("body")));
        Urls url = api(context).path("/issue").segment(params.required("issue_key")).path("/comment");
        return api.json(context, request(context, "POST", url, body))
                .onItem().transform(comment -> Json.copy(comment, Json.object(), "id", "self", "created"));
    }

    /** Jira answers 204 without a body. */
    Uni<JsonNode> transition(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "issues:transition", given);
        ObjectNode body = Json.object();
        body.putObject("transition").put("id", params.required("transition_id"));
        if (params.has("comment")) {
            body.putObject("update").putArray("comment").addObject().putObject("add")
                    .set("body", text(context, params.text("comment")));
        }
        Urls url = api(context).path("/issue").segment(params.required("issue_key")).path("/transitions");
        return api.call(context, request(context, "POST", url, body)).onItem().transform(done -> Json.object()
                .put("issue_key", params.text("issue_key"))
                .put("transition_id", params.text("transition_id"))
                .put("transitioned", true));
    }

    /** The authenticated user: proves URL and token. */
    Uni<JsonNode> check(OperationContext context) {
        return api.json(context, request(context, "GET", api(context).path("/myself"), null)).onItem().transform(user ->
                Json.object().put("reachable", true).put("user", user.path("displayName").asText(null)));
    }

    private Urls api(OperationContext context) {
        return Urls.base(Settings.credentials(context, type).required("base_url"), "credentials.base_url")
                .path(context.majorVersion() == 1 ? "/rest/api/2" : "/rest/api/3");
    }

    private SafeHttpRequest request(OperationContext context, String method, Urls url, JsonNode body) {
        SafeHttpRequest request = body == null ? SafeHttpRequest.of(method, url.build()) : SafeHttpRequest.json(method, url.build(), body);
        return request.withHeader("Authorization", authorization(context)).withHeader("Accept", "application/json");
    }

    private String authorization(OperationContext context) {
        Settings credentials = Settings.credentials(context, type);
        String token = credentials.required("api_token");
        if (context.majorVersion() == 1 && !credentials.has("email")) {
            return "Bearer " + token;
        }
        String pair = credentials.required("email") + ":" + token;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Plain text for REST v2; for v3 an Atlassian Document Format document: a paragraph per block, line breaks kept. */
    private static JsonNode text(OperationContext context, String text) {
        if (context.majorVersion() == 1) {
            return TextNode.valueOf(text);
        }
        ObjectNode document = Json.object().put("type", "doc").put("version", 1);
        ArrayNode content = document.putArray("content");
        for (String block : text.split("\\R\\s*\\R")) {
            ArrayNode inline = Json.array();
            String[] lines = block.split("\\R");
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    inline.addObject().put("type", "hardBreak");
                }
                if (!lines[i].isEmpty()) {
                    inline.addObject().put("type", "text").put("text", lines[i]);
                }
            }
            if (!inline.isEmpty()) {
                content.addObject().put("type", "paragraph").set("content", inline);
            }
        }
        return document;
    }

    /** {@code {"errorMessages": ["..."], "errors": {"summary": "..."}}} */
    private static String errorText(JsonNode body) {
        List<String> messages = new ArrayList<>();
        body.path("errorMessages").forEach(message -> messages.add(message.asText()));
        body.path("errors").properties().forEach(error -> messages.add(error.getKey() + ": " + error.getValue().asText()));
        return messages.isEmpty() ? null : String.join("; ", messages);
    }
}
