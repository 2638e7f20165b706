package io.connectors.types.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A local HTTP server on 127.0.0.1 standing in for a vendor API: routes by method and exact path, records every
 * request for the test to assert on, answers 404 {@code no route} to anything unexpected.
 */
public class FakeServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Function<RecordedRequest, Reply>> routes = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile String authorization;
    private volatile Reply denied;

    public FakeServer() {
        this(new HttpServerOptions());
    }

    public FakeServer(HttpServerOptions options) {
        Vertx vertx = TestRuntime.vertx();
        this.server = vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0))
                .requestHandler(this::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake server did not start", e);
        }
    }

    /** Answers {@code method path} (path without query) with {@code reply}; a null reply never answers. */
    public FakeServer on(String method, String path, Function<RecordedRequest, Reply> reply) {
        routes.put(method + " " + path, reply);
        return this;
    }

    /** Every route then wants exactly this {@code Authorization} header; any other request gets {@code deniedReply}. */
    public FakeServer requireAuthorization(String expected, Reply deniedReply) {
        this.authorization = expected;
        this.denied = deniedReply;
        return this;
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:port} */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<RecordedRequest> requests(String method, String path) {
        return requests().stream().filter(request -> request.method().equals(method) && request.path().equals(path)).toList();
    }

    /** The only request to {@code method path}; fails unless there was exactly one. */
    public RecordedRequest only(String method, String path) {
        List<RecordedRequest> matching = requests(method, path);
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + method + " " + path + " but got " + matching.size() + " of " + requests());
        }
        return matching.get(0);
    }

    public void reset() {
        requests.clear();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            URI uri = URI.create(request.uri());
            RecordedRequest recorded = new RecordedRequest(request.method().name(), uri.getRawPath(), uri.getRawQuery(),
                    request.headers(), body.getBytes());
            requests.add(recorded);
            Function<RecordedRequest, Reply> route = routes.get(recorded.method() + " " + recorded.path());
            Reply reply;
            if (route == null) {
                reply = Reply.json(404, "{\"fake\":\"no route\"}");
            } else if (authorization != null && !authorization.equals(recorded.header("Authorization"))) {
                reply = denied;
            } else {
                reply = route.apply(recorded);
            }
            if (reply == null) {
                return; // never answers
            }
            reply.headers().forEach((name, value) -> {
                if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    request.response().setChunked(true);
                } else {
                    request.response().putHeader(name, value);
                }
            });
            request.response().setStatusCode(reply.status()).end(Buffer.buffer(reply.body()));
        });
    }

    @Override
    public void close() {
        try {
            // Waits: a test that reuses the port must find it closed.
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake server did not stop", e);
        }
    }
}
