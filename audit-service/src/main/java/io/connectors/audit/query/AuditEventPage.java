package io.connectors.audit.query;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A page of events in chain order; {@code next_cursor} is null on the last page. */
public record AuditEventPage(List<AuditEventDto> events, @JsonProperty("next_cursor") String nextCursor) {
}
