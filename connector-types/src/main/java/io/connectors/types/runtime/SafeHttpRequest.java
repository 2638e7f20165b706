package io.connectors.types.runtime;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One outbound HTTP request. Header names are case-insensitive; {@code body} may be null; {@code tls} is null for the
 * defaults (system trust, host name verified, no client certificate). {@link #toString()} shows neither headers nor
 * body: they carry credentials.
 */
public record SafeHttpRequest(String method, URI url, Map<String, List<String>> headers, byte[] body, ClientTls tls) {

    public SafeHttpRequest {
        method = method.toUpperCase(Locale.ROOT);
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        }
        headers = Collections.unmodifiableMap(copy);
    }

    public SafeHttpRequest(String method, URI url, Map<String, List<String>> headers, byte[] body) {
        this(method, url, headers, body, null);
    }

    public static SafeHttpRequest of(String method, URI url) {
        return new SafeHttpRequest(method, url, Map.of(), null, null);
    }

    public static SafeHttpRequest get(URI url) {
        return of("GET", url);
    }

    /** A JSON body with its content type. */
    public static SafeHttpRequest json(String method, URI url, JsonNode body) {
        return of(method, url).withBody("application/json", Json.bytes(body));
    }

    /** An {@code application/x-www-form-urlencoded} body; null values are left out. */
    public static SafeHttpRequest form(URI url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .filter(field -> field.getValue() != null)
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return of("POST", url).withBody("application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces the header's values. */
    public SafeHttpRequest withHeader(String name, String value) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.put(name, List.of(value));
        return new SafeHttpRequest(method, url, copy, body, tls);
    }

    public SafeHttpRequest withBody(String contentType, byte[] content) {
        return new SafeHttpRequest(method, url, headers, content, tls).withHeader("Content-Type", contentType);
    }

    public SafeHttpRequest withTls(ClientTls clientTls) {
        return new SafeHttpRequest(method, url, headers, body, clientTls);
    }

    /** The request a redirect leads to: {@code keepHeaders} only, and the body only if {@code keepBody}. */
    SafeHttpRequest redirect(String newMethod, URI target, List<String> keepHeaders, boolean keepBody, ClientTls newTls) {
        Map<String, List<String>> kept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            boolean bodyHeader = name.equalsIgnoreCase("Content-Type");
            if (keepHeaders.stream().anyMatch(name::equalsIgnoreCase) && (keepBody || !bodyHeader)) {
                kept.put(name, values);
            }
        });
        return new SafeHttpRequest(newMethod, target, kept, keepBody ? body : null, newTls);
    }

    /** Every header name, for a redirect that stays on the same origin. */
    List<String> headerNames() {
        return new ArrayList<>(headers.keySet());
    }

    @Override
    public String toString() {
        return "SafeHttpRequest[" + method + " " + url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath() + "]";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
