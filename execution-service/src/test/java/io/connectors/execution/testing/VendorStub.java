package io.connectors.execution.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local vendor endpoint on 127.0.0.1 for the real connector handlers: each path answers its scripted replies in
 * order (the last one repeats), and every request is recorded (method, path, Authorization header) so tests can see
 * what reached the vendor and what never did.
 */
public final class VendorStub implements AutoCloseable {

    /** One scripted answer; {@code delay} holds it back (a vendor that does not answer in time). */
    public record Reply(int status, Map<String, String> headers, String body, Duration delay) {

        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> all = new ConcurrentHashMap<>(headers);
            all.put(name, value);
            return new Reply(status, all, body, delay);
        }

        public Reply after(Duration wait) {
            return new Reply(status, headers, body, wait);
        }
    }

    public record Received(String method, String path, String authorization) {
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(8);
    private final Map<String, Queue<Reply>> replies = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public VendorStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public VendorStub on(String path, Reply... script) {
        replies.put(path, new ConcurrentLinkedQueue<>(List.of(script)));
        return this;
    }

    public List<Received> received(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization")));
            Queue<Reply> script = replies.get(path);
            Reply reply = script == null ? Reply.json(404, "{\"errorMessages\":[\"no such path\"]}")
                    : script.size() > 1 ? script.poll() : script.peek();
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay().toMillis());
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client gave up (its timeout): nothing left to answer.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
