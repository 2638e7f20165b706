package io.connectors.types.crowdstrike;

import io.connectors.types.testing.FakeServer;
import io.connectors.types.testing.RecordedRequest;
import io.connectors.types.testing.Reply;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The Falcon API as documented: {@code POST /oauth2/token} with form client_id/client_secret issues a bearer token
 * (201); every other endpoint wants {@code Authorization: Bearer <token>} and answers 401 otherwise; bodies are
 * {@code {meta, resources, errors}}.
 */
public class FakeCrowdStrike extends FakeServer {

    public static final String CLIENT_ID = "falcon-client";
    public static final String CLIENT_SECRET = "canary-falcon-secret-7f3a";
    public static final String META = "\"meta\": {\"query_time\": 0.004, \"powered_by\": \"fake\", \"trace_id\": \"t-1\"";

    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile long expiresIn = 1799;

    public FakeCrowdStrike() {
        on("POST", "/oauth2/token", this::token);
    }

    /** Routes {@code method path} behind the bearer-token check. */
    public FakeCrowdStrike authorized(String method, String path, Function<RecordedRequest, Reply> reply) {
        on(method, path, request -> validTokens.contains(bearer(request)) ? reply.apply(request) : Reply.json(401,
                "{" + META + "}, \"errors\": [{\"code\": 401, \"message\": \"access denied, invalid bearer token\"}]}"));
        return this;
    }

    void expireTokensIn(long seconds) {
        expiresIn = seconds;
    }

    /** As if the tokens were revoked in the console: the next call with one gets 401. */
    void revokeTokens() {
        validTokens.clear();
    }

    int tokensIssued() {
        return issued.get();
    }

    public static Reply page(List<String> ids, int offset, int limit, int total) {
        String resources = String.join(",", ids.stream().map(id -> "\"" + id + "\"").toList());
        return Reply.json(200, "{" + META + ", \"pagination\": {\"offset\": " + offset + ", \"limit\": " + limit
                + ", \"total\": " + total + "}}, \"resources\": [" + resources + "], \"errors\": []}");
    }

    static Reply error(int status, String message) {
        return Reply.json(status, "{" + META + "}, \"resources\": [], \"errors\": [{\"code\": " + status
                + ", \"message\": \"" + message + "\"}]}");
    }

    private Reply token(RecordedRequest request) {
        Map<String, List<String>> form = request.form();
        boolean valid = "application/x-www-form-urlencoded".equals(request.header("Content-Type"))
                && List.of(CLIENT_ID).equals(form.get("client_id")) && List.of(CLIENT_SECRET).equals(form.get("client_secret"));
        if (!valid) {
            return error(403, "Failed to issue access token - Not Authorized");
        }
        String token = "falcon-token-" + issued.incrementAndGet();
        validTokens.add(token);
        return Reply.json(201, "{\"access_token\": \"" + token + "\", \"token_type\": \"bearer\", \"expires_in\": " + expiresIn + "}");
    }

    private static String bearer(RecordedRequest request) {
        String header = request.header("Authorization");
        return header != null && header.startsWith("Bearer ") ? header.substring(7) : "";
    }
}
