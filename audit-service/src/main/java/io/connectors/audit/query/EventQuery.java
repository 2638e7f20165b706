package io.connectors.audit.query;

import io.connectors.audit.trail.EventFilter;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.platform.text.ControlCharacters;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The query parameters of the events and export endpoints, checked all at once so a client sees every field at fault.
 * Parameters arrive as strings: a JAX-RS conversion failure would be a 404, not the 400 naming the field.
 */
record EventQuery(EventFilter filter, int limit, String cursor) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    static final int MAX_ACTOR_LENGTH = 256;
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    private static final int MAX_ACTION_LENGTH = 100;
    private static final Set<String> OUTCOMES = Set.of("success", "failure", "denied", "pending");

    static EventQuery parse(String from, String to, String actor, String action, String connectorId, String outcome,
                            String limit, String cursor) {
        List<FieldError> errors = new ArrayList<>();
        // First, so no check below (nor PostgreSQL, which refuses NUL in text) sees such a value.
        from = printable("from", from, errors);
        to = printable("to", to, errors);
        actor = printable("actor", actor, errors);
        action = printable("action", action, errors);
        connectorId = printable("connector_id", connectorId, errors);
        outcome = printable("outcome", outcome, errors);
        limit = printable("limit", limit, errors);
        cursor = printable("cursor", cursor, errors);
        Instant fromTime = time("from", from, errors);
        Instant toTime = time("to", to, errors);
        if (fromTime != null && toTime != null && !toTime.isAfter(fromTime)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        if (actor != null && (actor.isBlank() || actor.length() > MAX_ACTOR_LENGTH)) {
            errors.add(new FieldError("actor", "must be 1 to " + MAX_ACTOR_LENGTH + " characters"));
        }
        if (action != null && (action.length() > MAX_ACTION_LENGTH || !ACTION.matcher(action).matches())) {
            errors.add(new FieldError("action", "must look like connector.created (lowercase words joined by dots)"));
        }
        if (connectorId != null && !isUuid(connectorId)) {
            errors.add(new FieldError("connector_id", "must be a UUID"));
        }
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            errors.add(new FieldError("outcome", "must be one of success, failure, denied, pending"));
        }
        int pageSize = limit(limit, errors);
        if (cursor != null && (cursor.isEmpty() || cursor.length() > Cursors.MAX_LENGTH)) {
            errors.add(new FieldError("cursor", "not a cursor returned by this API for your organization"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("Invalid query parameters", errors);
        }
        return new EventQuery(new EventFilter(fromTime, toTime, actor, action, connectorId, outcome), pageSize, cursor);
    }

    /** {@code value}, or null (reported) when it holds a control character (NUL included) or an unpaired surrogate. */
    private static String printable(String field, String value, List<FieldError> errors) {
        FieldError refused = ControlCharacters.check(field, value, false);
        if (refused != null) {
            errors.add(refused);
            return null;
        }
        return value;
    }

    private static Instant time(String field, String value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an RFC 3339 timestamp, e.g. 2026-03-18T12:00:00Z"));
            return null;
        }
    }

    private static int limit(String value, List<FieldError> errors) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1 && parsed <= MAX_LIMIT) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("limit", "must be an integer from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    static boolean isUuid(String value) {
        if (value.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equals(value.toLowerCase());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
