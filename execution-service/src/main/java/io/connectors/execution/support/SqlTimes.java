package io.connectors.execution.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** timestamptz values for the reactive PostgreSQL client, which binds and reads OffsetDateTime, not Instant. */
public final class SqlTimes {

    private SqlTimes() {
    }

    public static OffsetDateTime of(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
