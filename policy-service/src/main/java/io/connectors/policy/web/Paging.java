package io.connectors.policy.web;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;

import java.util.ArrayList;
import java.util.List;

/** A validated {@code page} (1-based) and {@code page_size} (1..100) from query parameters. */
public record Paging(int page, int pageSize) {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 100;

    public static Paging of(String page, String pageSize) {
        List<FieldError> errors = new ArrayList<>();
        int pageNumber = parse("page", page, 1, 1, 1_000_000, errors);
        int size = parse("page_size", pageSize, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, errors);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("Invalid paging parameters", errors);
        }
        return new Paging(pageNumber, size);
    }

    public int offset() {
        return (page - 1) * pageSize;
    }

    public int totalPages(long total) {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }

    private static int parse(String field, String value, int fallback, int min, int max, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
        return fallback;
    }
}
