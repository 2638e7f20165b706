package io.connectors.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.error.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * Answers a request line over {@link RequestLimitsConfig#maxRequestLine} with a problem+json 414 and headers over
 * {@link RequestLimitsConfig#maxHeaderSize} with a 431. Vert.x refuses such requests in its decoder with an empty body
 * and Quarkus has no hook for its {@code invalidRequestHandler}; so the decoder's limits are raised above these
 * (platform-core's microprofile-config.properties) and the request is refused here, first of all filters (before
 * authentication: a 64 KB header is refused whoever sends it). Beyond the decoder's limits Vert.x still answers alone.
 */
@ApplicationScoped
public class RequestLimitsFilter {

    private static final Logger LOG = Logger.getLogger(RequestLimitsFilter.class);
    /** Route order -100000: before the body-size filter (10), authentication and every resource. */
    private static final int PRIORITY = 100_000;
    /** {@code ": "} and CRLF around each header, as they were on the wire. */
    private static final int HEADER_OVERHEAD = 4;

    private final long maxRequestLine;
    private final long maxHeaderSize;
    private final ObjectMapper json;

    public RequestLimitsFilter(RequestLimitsConfig limits, ObjectMapper json,
                               @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length") int decoderLine,
                               @ConfigProperty(name = "quarkus.http.limits.max-header-size") MemorySize decoderHeaders) {
        this.maxRequestLine = limits.maxRequestLine().asLongValue();
        this.maxHeaderSize = limits.maxHeaderSize().asLongValue();
        this.json = json;
        if (maxRequestLine >= decoderLine || maxHeaderSize >= decoderHeaders.asLongValue()) {
            LOG.warnf("connectors.http limits (%d, %d) are not below Vert.x's (max-initial-line-length %d, max-header-size %d):"
                    + " Vert.x refuses first, with an empty body", maxRequestLine, maxHeaderSize, decoderLine,
                    decoderHeaders.asLongValue());
        }
    }

    void register(@Observes Filters filters) {
        filters.register(this::refuseOverLimits, PRIORITY);
    }

    void refuseOverLimits(RoutingContext context) {
        HttpServerRequest request = context.request();
        long line = request.method().name().length() + 1L + request.uri().length() + 1L + "HTTP/1.1".length();
        if (line > maxRequestLine) {
            ProblemResponses.end(context, json, Problem.of(414, "URI Too Long",
                    "The request line exceeds " + maxRequestLine + " bytes"), false);
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headers += header.getKey().length() + header.getValue().length() + HEADER_OVERHEAD;
        }
        if (headers > maxHeaderSize) {
            ProblemResponses.end(context, json, Problem.of(431, "Request Header Fields Too Large",
                    "The request headers exceed " + maxHeaderSize + " bytes"), true);
            return;
        }
        context.next();
    }
}
