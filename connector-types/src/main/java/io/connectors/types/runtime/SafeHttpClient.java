package io.connectors.types.runtime;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The only way handlers reach the network over HTTP. Each hop (the request and every redirect, followed by hand) is
 * checked by the {@link OutboundGuard} and sent to the address the guard checked; the whole call, redirects included,
 * has the policy's timeout; a response body past the policy's cap is aborted. Headers and bodies are never logged.
 */
@ApplicationScoped
public class SafeHttpClient {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** What a redirect to another origin keeps: credentials in any other header stay with the origin they were for. */
    private static final List<String> CROSS_ORIGIN_HEADERS = List.of("Accept", "Content-Type", "User-Agent");
    private static final String USER_AGENT = "connectors-control-plane/1.0";

    private final Vertx vertx;
    private final OutboundGuard guard;
    private final int maxRedirects;
    private final HttpClient shared;

    @Inject
    public SafeHttpClient(Vertx vertx, OutboundGuard guard, OutboundConfig config) {
        this.vertx = vertx;
        this.guard = guard;
        this.maxRedirects = config.maxRedirects();
        this.shared = vertx.createHttpClient(options(null), new PoolOptions().setHttp1MaxSize(20));
    }

    /** The response, whatever its status; fails with {@link ConnectorException} (blocked, timed out, unreachable, too large). */
    public Uni<SafeHttpResponse> send(SafeHttpRequest request, OutboundPolicy policy) {
        long deadline = System.nanoTime() + policy.timeout().toNanos();
        return Uni.createFrom().deferred(() -> hop(request, policy, deadline, 0))
                .ifNoItem().after(policy.timeout())
                .failWith(() -> ConnectorException.external("No answer from " + request.url().getHost() + " within "
                        + policy.timeout().toMillis() + " ms", true));
    }

    @PreDestroy
    void close() {
        shared.close();
    }

    private Uni<SafeHttpResponse> hop(SafeHttpRequest request, OutboundPolicy policy, long deadline, int redirects) {
        URI url = OutboundGuard.checkUrl(request.url());
        return guard.admit(url.getHost(), policy)
                .onItem().transformToUni(address -> exchange(request, url, address, policy, deadline))
                .onItem().transformToUni(response -> {
                    Optional<String> location = response.header("Location");
                    if (!REDIRECTS.contains(response.status()) || location.isEmpty()) {
                        return Uni.createFrom().item(response);
                    }
                    if (redirects >= maxRedirects) {
                        throw ConnectorException.external("More than " + maxRedirects + " redirects from " + url.getHost(), false);
                    }
                    return hop(redirected(request, url, response.status(), location.get()), policy, deadline, redirects + 1);
                });
    }

    /** The request a redirect asks for, stripped of what must not follow it to another origin. */
    private static SafeHttpRequest redirected(SafeHttpRequest request, URI from, int status, String location) {
        URI target;
        try {
            target = from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw ConnectorException.external(from.getHost() + " redirected to an invalid URL", false);
        }
        OutboundGuard.checkUrl(target);
        if ("https".equalsIgnoreCase(from.getScheme()) && !"https".equalsIgnoreCase(target.getScheme())) {
            throw ConnectorException.external(from.getHost() + " redirected from https to an unencrypted URL", false);
        }
        String method = request.method();
        boolean toGet = (status == 303 && !method.equals("HEAD")) || ((status == 301 || status == 302) && method.equals("POST"));
        boolean sameOrigin = from.getScheme().equalsIgnoreCase(target.getScheme())
                && from.getHost().equalsIgnoreCase(target.getHost()) && port(from) == port(target);
        ClientTls tls = request.tls() == null || sameOrigin ? request.tls() : request.tls().withoutClientKey();
        return request.redirect(toGet ? "GET" : method, target, sameOrigin ? request.headerNames() : CROSS_ORIGIN_HEADERS,
                !toGet, tls);
    }

    private Uni<SafeHttpResponse> exchange(SafeHttpRequest request, URI url, InetAddress address, OutboundPolicy policy,
                                           long deadline) {
        int port = port(url);
        long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        String host = OutboundGuard.normalize(url.getHost());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setHost(host)
                .setPort(port)
                .setSsl(isHttps(url))
                // The checked address: no second lookup, so no DNS rebinding between check and connect.
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                .setURI(pathAndQuery(url))
                .setFollowRedirects(false)
                .setConnectTimeout(remaining)
                .setIdleTimeout(remaining);
        request.headers().forEach((name, values) -> options.putHeader(name, new ArrayList<CharSequence>(values)));
        options.putHeader("Host", url.getRawAuthority());
        if (!request.headers().containsKey("User-Agent")) {
            options.putHeader("User-Agent", USER_AGENT);
        }
        HttpClient client = request.tls() == null ? shared : vertx.createHttpClient(options(request.tls()));
        return Uni.createFrom().<SafeHttpResponse>emitter(emitter -> call(client, options, request.body(), host,
                        policy.maxResponseBytes(), emitter))
                .onTermination().invoke(() -> {
                    if (client != shared) {
                        client.close();
                    }
                });
    }

    private static void call(HttpClient client, RequestOptions options, byte[] body, String host, long maxBytes,
                             UniEmitter<? super SafeHttpResponse> emitter) {
        AtomicBoolean finished = new AtomicBoolean();
        AtomicReference<HttpClientRequest> inflight = new AtomicReference<>();
        // Cancelled (timeout): abort the exchange instead of letting it run on.
        emitter.onTermination(() -> {
            if (finished.compareAndSet(false, true) && inflight.get() != null) {
                inflight.get().reset();
            }
        });
        client.request(options).onComplete(created -> {
            if (created.failed()) {
                fail(emitter, finished, created.cause(), host);
                return;
            }
            HttpClientRequest request = created.result();
            inflight.set(request);
            if (finished.get()) {
                request.reset();
                return;
            }
            Future<HttpClientResponse> sent = body == null ? request.send() : request.send(Buffer.buffer(body));
            sent.onComplete(answered -> {
                if (answered.failed()) {
                    fail(emitter, finished, answered.cause(), host);
                } else {
                    read(answered.result(), host, maxBytes, emitter, finished);
                }
            });
        });
    }

    private static void read(HttpClientResponse response, String host, long maxBytes,
                             UniEmitter<? super SafeHttpResponse> emitter, AtomicBoolean finished) {
        ConnectorException tooLarge = ConnectorException.external("The response of " + host + " is larger than "
                + maxBytes + " bytes", false);
        // First: resetting the stream below raises an exception on the response, which must have a handler.
        response.exceptionHandler(failure -> fail(emitter, finished, failure, host));
        String declared = response.getHeader("Content-Length");
        if (declared != null && declared.matches("[0-9]{1,18}") && Long.parseLong(declared) > maxBytes) {
            // Failed first: the reset raises a connection error that must not replace this one.
            fail(emitter, finished, tooLarge, host);
            response.request().reset();
            return;
        }
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (finished.get()) {
                return;
            }
            if (received.length() + (long) chunk.length() > maxBytes) {
                fail(emitter, finished, tooLarge, host);
                response.request().reset();
                return;
            }
            received.appendBuffer(chunk);
        });
        response.endHandler(end -> {
            if (finished.compareAndSet(false, true)) {
                emitter.complete(new SafeHttpResponse(response.statusCode(), headers(response), received.getBytes()));
            }
        });
    }

    private static void fail(UniEmitter<?> emitter, AtomicBoolean finished, Throwable failure, String host) {
        if (finished.compareAndSet(false, true)) {
            emitter.fail(classify(failure, host));
        }
    }

    /** Transport failures as connector errors; the exception's own text (addresses, internals) is not passed on. */
    private static ConnectorException classify(Throwable failure, String host) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectorException connectorException) {
                return connectorException;
            }
            if (cause instanceof SSLException) {
                return ConnectorException.configuration("The TLS handshake with " + host + " failed: its certificate is"
                        + " not trusted or does not match the host, or it refused the client certificate");
            }
            if (cause.getClass().getSimpleName().contains("Timeout")) {
                return ConnectorException.external("No answer from " + host + " in time", true);
            }
            if (cause instanceof ConnectException) {
                return ConnectorException.external("Could not connect to " + host, true);
            }
        }
        return ConnectorException.external("The connection to " + host + " failed", true);
    }

    private static Map<String, List<String>> headers(HttpClientResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : response.headers().names()) {
            headers.put(name, response.headers().getAll(name));
        }
        return headers;
    }

    private static HttpClientOptions options(ClientTls tls) {
        HttpClientOptions options = new HttpClientOptions()
                .setVerifyHost(true)
                .setKeepAlive(true);
        if (tls != null) {
            options.setVerifyHost(tls.verification() == ClientTls.Verification.FULL)
                    .setTrustAll(tls.verification() == ClientTls.Verification.NONE);
            if (tls.trust() != null) {
                options.setTrustOptions(TrustOptions.wrap(tls.trust()));
            }
            if (tls.keys() != null) {
                options.setKeyCertOptions(KeyCertOptions.wrap(tls.keys()));
            }
        }
        return options;
    }

    private static boolean isHttps(URI url) {
        return "https".equals(url.getScheme().toLowerCase(Locale.ROOT));
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : isHttps(url) ? 443 : 80;
    }

    private static String pathAndQuery(URI url) {
        String path = Objects.requireNonNullElse(url.getRawPath(), "");
        return (path.isEmpty() ? "/" : path) + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    }
}
