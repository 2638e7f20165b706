package io.connectors.types.runtime;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Request URLs from a configured base URL: fixed path parts as written, variable parts percent-encoded as one path
 * segment (a {@code /} or {@code ..} in a value cannot walk the path), query values encoded.
 */
public final class Urls {

    private final StringBuilder url;
    private boolean hasQuery;

    private Urls(String base) {
        this.url = new StringBuilder(base);
    }

    /**
     * @param baseUrl http(s) URL, possibly with a path, without query, fragment or user info
     * @param field   the credential field it came from, for the error message
     */
    public static Urls base(String baseUrl, String field) {
        try {
            URI uri = new URI(baseUrl);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw ConnectorException.configuration(field + " must be an http(s) URL without query, fragment or user info");
            }
        } catch (URISyntaxException e) {
            throw ConnectorException.configuration(field + " is not a valid URL");
        }
        String base = baseUrl;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new Urls(base);
    }

    /** A fixed path, e.g. {@code /alerts/queries/alerts/v2}: written as is. */
    public Urls path(String fixed) {
        url.append(fixed);
        return this;
    }

    /** A variable path segment, percent-encoded. */
    public Urls segment(String value) {
        url.append('/').append(encode(value));
        return this;
    }

    /** A query parameter; nothing when {@code value} is null. May repeat. */
    public Urls query(String name, Object value) {
        if (value != null) {
            url.append(hasQuery ? '&' : '?').append(encode(name)).append('=').append(encode(String.valueOf(value)));
            hasQuery = true;
        }
        return this;
    }

    public URI build() {
        return URI.create(url.toString());
    }

    /** RFC 3986: everything but the unreserved characters is percent-encoded. */
    static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
