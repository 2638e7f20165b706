package io.connectors.types.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A vendor's HTTP API as the clients use it: sends through {@link SafeHttpClient} and turns every non-2xx answer into
 * a classified {@link ConnectorException} whose message carries the vendor's own short error text, sanitised.
 */
public final class VendorApi {

    private static final int MAX_DETAIL = 300;
    private static final Set<Integer> CALLER_STATUSES = Set.of(400, 404, 405, 409, 410, 411, 412, 413, 414, 415, 422);
    private static final Set<Integer> NOT_RETRYABLE_5XX = Set.of(501, 505);

    private final SafeHttpClient http;
    private final String vendor;
    private final Function<JsonNode, String> errorText;
    private final Function<SafeHttpResponse, Optional<Duration>> retryAfter;

    /**
     * @param vendor    the display name in messages, e.g. {@code CrowdStrike}
     * @param errorText the vendor's error message in its documented error body (may return null)
     */
    public VendorApi(SafeHttpClient http, String vendor, Function<JsonNode, String> errorText) {
        this(http, vendor, errorText, VendorApi::retryAfterHeader);
    }

    /** @param retryAfter when the vendor says to retry, for APIs with their own header */
    public VendorApi(SafeHttpClient http, String vendor, Function<JsonNode, String> errorText,
                     Function<SafeHttpResponse, Optional<Duration>> retryAfter) {
        this.http = http;
        this.vendor = vendor;
        this.errorText = errorText;
        this.retryAfter = retryAfter;
    }

    /** The response when its status is 2xx; a classified failure otherwise. */
    public Uni<SafeHttpResponse> call(OperationContext context, SafeHttpRequest request) {
        return http.send(request, context.outbound()).onItem().transform(response -> {
            if (!response.isSuccess()) {
                throw failure(context, response);
            }
            return response;
        });
    }

    /** {@link #call}, the body read as JSON. */
    public Uni<JsonNode> json(OperationContext context, SafeHttpRequest request) {
        return call(context, request).onItem().transform(SafeHttpResponse::json);
    }

    /**
     * The failure for a non-2xx response: 4xx the caller can fix is {@code CALLER}; 401, 403 and 407 are
     * {@code CONFIGURATION} (the stored credentials); 408, 425, 429 and 5xx are {@code EXTERNAL} and retryable.
     */
    public ConnectorException failure(OperationContext context, SafeHttpResponse response) {
        int status = response.status();
        String detail = sanitise(errorText.apply(response.jsonOrNull()), context);
        String message = vendor + " answered " + status + (detail.isEmpty() ? "" : ": " + detail);
        if (status == 401 || status == 403 || status == 407) {
            return new ConnectorException(ConnectorException.Fault.CONFIGURATION, message
                    + " (check the connector's credentials and their permissions)", false, null, status);
        }
        if (status == 408 || status == 425 || status == 429 || (status >= 500 && !NOT_RETRYABLE_5XX.contains(status))) {
            return new ConnectorException(ConnectorException.Fault.EXTERNAL, message, true,
                    retryAfter.apply(response).orElse(null), status);
        }
        if (CALLER_STATUSES.contains(status) || (status >= 400 && status < 500)) {
            return new ConnectorException(ConnectorException.Fault.CALLER, message, false, null, status);
        }
        return new ConnectorException(ConnectorException.Fault.EXTERNAL, message, false, null, status);
    }

    /** A failure the vendor reported inside a 2xx answer (Slack's {@code ok: false}). */
    public ConnectorException failure(OperationContext context, ConnectorException.Fault fault, String vendorText,
                                      boolean retryable, Duration after, int status) {
        String detail = sanitise(vendorText, context);
        return new ConnectorException(fault, vendor + " refused the request" + (detail.isEmpty() ? "" : ": " + detail),
                retryable, after, status);
    }

    /** {@code Retry-After} as seconds or an HTTP date. */
    public static Optional<Duration> retryAfterHeader(SafeHttpResponse response) {
        Optional<String> header = response.header("Retry-After").map(String::trim);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** One line, printable, short, and without any credential value the vendor might have echoed. */
    static String sanitise(String text, OperationContext context) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
        JsonNode credentials = context.credentials();
        if (credentials != null) {
            for (JsonNode value : credentials) {
                if (value.isTextual() && value.asText().length() >= 4) {
                    clean = clean.replace(value.asText(), "****");
                }
            }
        }
        return clean.length() > MAX_DETAIL ? clean.substring(0, MAX_DETAIL) + "..." : clean;
    }
}
