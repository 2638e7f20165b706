package io.connectors.execution.execution;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The query of {@code GET /v1/executions}, checked; paging as in the Atmos connectors list (pageSize, pageNumber). */
public record ExecutionQuery(String connectorId, ExecutionStatus status, int pageSize, int pageNumber) {

    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;
    private static final String PATH = "/v1/executions";

    public static ExecutionQuery parse(String connectorId, String status, String pageSize, String pageNumber) {
        List<FieldError> errors = new ArrayList<>();
        if (connectorId != null && !connectorId.matches("[A-Za-z0-9-]{1,64}")) {
            errors.add(new FieldError("connector_id", "expected a connector id"));
        }
        ExecutionStatus parsedStatus = null;
        if (status != null) {
            parsedStatus = ExecutionStatus.parse(status).orElse(null);
            if (parsedStatus == null) {
                errors.add(new FieldError("status", "must be one of " + Arrays.stream(ExecutionStatus.values())
                        .map(ExecutionStatus::value).collect(Collectors.joining(", ", "[", "]"))));
            }
        }
        int size = number(pageSize, "pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors);
        int number = number(pageNumber, "pageNumber", 1, 1_000_000, errors);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("The query is invalid", errors);
        }
        return new ExecutionQuery(connectorId, parsedStatus, size, number);
    }

    private static int number(String value, String field, int fallback, int max, List<FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, "must be an integer from 1 to " + max));
        return fallback;
    }

    ExecutionPage page(long total, List<ExecutionView> rows) {
        int totalPages = (int) Math.max(1, (total + pageSize - 1) / pageSize);
        return new ExecutionPage(pageNumber, pageSize, link(1), link(totalPages), totalPages, total,
                pageNumber < totalPages ? link(pageNumber + 1) : null,
                pageNumber > 1 ? link(Math.min(pageNumber - 1, totalPages)) : null, rows);
    }

    private String link(int page) {
        StringBuilder link = new StringBuilder(PATH).append("?pageSize=").append(pageSize).append("&pageNumber=").append(page);
        if (connectorId != null) {
            link.append("&connector_id=").append(URLEncoder.encode(connectorId, StandardCharsets.UTF_8));
        }
        if (status != null) {
            link.append("&status=").append(status.value());
        }
        return link.toString();
    }
}
