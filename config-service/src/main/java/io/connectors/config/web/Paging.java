package io.connectors.config.web;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A validated {@code pageNumber} (1-based) and {@code pageSize} (1..200), and the links of a page. */
public record Paging(int pageNumber, int pageSize) {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;
    private static final int MAX_PAGE_NUMBER = 1_000_000;

    public static Paging of(String pageNumber, String pageSize, List<FieldError> errors) {
        int number = parse("pageNumber", pageNumber, 1, MAX_PAGE_NUMBER, errors);
        int size = parse("pageSize", pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors);
        return new Paging(number, size);
    }

    public static Paging of(String pageNumber, String pageSize) {
        List<FieldError> errors = new ArrayList<>();
        Paging paging = of(pageNumber, pageSize, errors);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("Invalid paging parameters", errors);
        }
        return paging;
    }

    public int offset() {
        return (pageNumber - 1) * pageSize;
    }

    public int totalPages(long total) {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }

    /** Relative links to the first, last, next and previous pages, keeping {@code filters} (null values dropped). */
    public Links links(String path, Map<String, String> filters, long total) {
        int last = totalPages(total);
        return new Links(link(path, filters, 1), link(path, filters, last),
                pageNumber < last ? link(path, filters, pageNumber + 1) : null,
                pageNumber > 1 ? link(path, filters, Math.min(pageNumber - 1, last)) : null,
                last);
    }

    private String link(String path, Map<String, String> filters, int page) {
        StringBuilder url = new StringBuilder(path).append('?');
        filters.forEach((name, value) -> {
            if (value != null) {
                url.append(encode(name)).append('=').append(encode(value)).append('&');
            }
        });
        return url.append("pageSize=").append(pageSize).append("&pageNumber=").append(page).toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int parse(String field, String value, int fallback, int max, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, "must be a whole number from 1 to " + max));
        return fallback;
    }

    /** Page links as relative URLs; {@code next}/{@code previous} are null at the ends. */
    public record Links(String first, String last, String next, String previous, int totalPages) {
    }
}
