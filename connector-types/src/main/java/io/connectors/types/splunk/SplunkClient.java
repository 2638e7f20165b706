package io.connectors.types.splunk;

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

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** The Splunk REST calls; see the package documentation for the endpoints. */
@Singleton
class SplunkClient {

    static final String TYPE = "splunk";
    /**
     * SPL commands that change data or reach elsewhere: search:run is a read operation, so a search using one is
     * refused rather than run with the connector's token.
     */
    private static final Pattern WRITING_COMMAND = Pattern.compile(
            "\\|\\s*(delete|outputlookup|outputcsv|outputtext|collect|mcollect|meventcollect|tscollect|sendemail|sendalert"
                    + "|script|run|rest|map|dbxquery|dbxoutput|sendresults)\\b", Pattern.CASE_INSENSITIVE);

    private final VendorApi api;
    private final SplunkType type;

    SplunkClient(SafeHttpClient http, SplunkType type) {
        this.api = new VendorApi(http, "Splunk", SplunkClient::errorText);
        this.type = type;
    }

    /** Creates a search job; oneshot jobs answer with their results directly. */
    Uni<JsonNode> run(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "search:run", given);
        Matcher writing = WRITING_COMMAND.matcher(params.required("search"));
        if (writing.find()) {
            return Uni.createFrom().failure(ConnectorException.caller("search:run only reads; the search uses the '"
                    + writing.group(1).toLowerCase(Locale.ROOT) + "' command"));
        }
        String app = Settings.config(context, type).required("app");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("search", params.text("search"));
        form.put("earliest_time", params.text("earliest_time"));
        form.put("latest_time", params.text("latest_time"));
        form.put("exec_mode", params.text("exec_mode"));
        form.put("max_count", params.text("max_count"));
        form.put("max_time", params.text("max_time"));
        form.put("output_mode", "json");
        Urls url = base(context).path("/servicesNS/nobody").segment(app).path("/search/jobs");
        boolean oneshot = "oneshot".equals(params.text("exec_mode"));
        return api.json(context, authorized(context, SafeHttpRequest.form(url.build(), form))).onItem().transform(answer -> {
            if (oneshot) {
                return page(null, answer);
            }
            if (!answer.path("sid").isTextual()) {
                throw ConnectorException.external("Splunk created no search job", false);
            }
            return Json.object().put("sid", answer.get("sid").asText()).put("done", false);
        });
    }

    /** A page of a job's results; {@code done: false} while the job still runs (Splunk answers 204). */
    Uni<JsonNode> results(OperationContext context, JsonNode given) {
        Settings params = Settings.params(context, type, "search:results", given);
        String sid = params.required("sid");
        Urls url = base(context).path("/services/search/jobs").segment(sid).path("/results")
                .query("output_mode", "json")
                .query("count", params.integer("count"))
                .query("offset", params.integer("offset"));
        return api.call(context, authorized(context, SafeHttpRequest.get(url.build()))).onItem().transform(response ->
                response.status() == 204 ? Json.object().put("sid", sid).put("done", false).set("results", Json.array())
                        : page(sid, response.json()));
    }

    /** The server's version, with the token. */
    Uni<JsonNode> check(OperationContext context) {
        Urls url = base(context).path("/services/server/info").query("output_mode", "json");
        return api.json(context, authorized(context, SafeHttpRequest.get(url.build()))).onItem().transform(info ->
                Json.object().put("reachable", true)
                        .put("version", info.path("entry").path(0).path("content").path("version").asText(null)));
    }

    private static ObjectNode page(String sid, JsonNode answer) {
        ObjectNode result = Json.object();
        if (sid != null) {
            result.put("sid", sid);
        }
        result.put("done", true);
        result.set("fields", answer.path("fields").isArray() ? answer.get("fields") : Json.array());
        result.set("results", answer.path("results").isArray() ? answer.get("results") : Json.array());
        result.put("offset", answer.path("init_offset").asInt());
        return result;
    }

    private Urls base(OperationContext context) {
        return Urls.base(Settings.credentials(context, type).required("base_url"), "credentials.base_url");
    }

    private SafeHttpRequest authorized(OperationContext context, SafeHttpRequest request) {
        return request.withHeader("Authorization", "Bearer " + Settings.credentials(context, type).required("token"))
                .withHeader("Accept", "application/json");
    }

    /** {@code {"messages": [{"type": "FATAL", "text": "Unknown sid."}]}} */
    private static String errorText(JsonNode body) {
        String text = StreamSupport.stream(body.path("messages").spliterator(), false)
                .map(message -> message.path("text").asText(""))
                .filter(message -> !message.isBlank())
                .collect(Collectors.joining("; "));
        return text.isEmpty() ? null : text;
    }
}
