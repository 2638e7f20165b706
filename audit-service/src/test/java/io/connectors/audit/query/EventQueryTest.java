package io.connectors.audit.query;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventQueryTest {

    @Test
    void defaultsToTheFirst100OfEverything() {
        EventQuery query = EventQuery.parse(null, null, null, null, null, null, null, null);
        assertEquals(100, query.limit());
        assertNull(query.cursor());
        assertNull(query.filter().from());
    }

    @Test
    void acceptsEveryFilter() {
        EventQuery query = EventQuery.parse("2026-03-18T12:00:00Z", "2026-03-18T14:00:00+01:00", "acme-admin",
                "connector.created", "c1b2c3d4-e5f6-4890-abcd-ef1234567890", "denied", "500", "abc");
        assertEquals(Instant.parse("2026-03-18T12:00:00Z"), query.filter().from());
        assertEquals(Instant.parse("2026-03-18T13:00:00Z"), query.filter().to());
        assertEquals("acme-admin", query.filter().actor());
        assertEquals("connector.created", query.filter().action());
        assertEquals("c1b2c3d4-e5f6-4890-abcd-ef1234567890", query.filter().connectorId());
        assertEquals("denied", query.filter().outcome());
        assertEquals(500, query.limit());
    }

    @Test
    void namesEveryFieldAtFaultAtOnce() {
        ApiException e = assertThrows(ApiException.class, () -> EventQuery.parse("yesterday", "2026-13-01T00:00:00Z",
                "a".repeat(257), "DROP TABLE", "not-a-uuid", "maybe", "0", ""));
        assertEquals(400, e.status());
        assertEquals(List.of("from", "to", "actor", "action", "connector_id", "outcome", "limit", "cursor"),
                e.toProblem().errors().stream().map(FieldError::field).toList());
    }

    @Test
    void refusesControlCharactersInEveryParameterNamingIt() {
        List<String> fields = List.of("from", "to", "actor", "action", "connector_id", "outcome", "limit", "cursor");
        String[] valid = {"2026-03-18T12:00:00Z", "2026-03-18T13:00:00Z", "acme-admin", "connector.created",
                "c1b2c3d4-e5f6-4890-abcd-ef1234567890", "denied", "10", "abc"};
        for (String bad : List.of("\u0000", "acme\u0000admin", "a\u001fb", "\u007f", "x\u0085", "\ud800", "tab\there")) {
            for (int i = 0; i < fields.size(); i++) {
                String[] values = valid.clone();
                values[i] = bad;
                ApiException e = assertThrows(ApiException.class, () -> EventQuery.parse(values[0], values[1], values[2],
                        values[3], values[4], values[5], values[6], values[7]), fields.get(i) + "=" + bad);
                assertEquals(400, e.status());
                assertEquals(List.of(new FieldError(fields.get(i), "must not contain control characters")),
                        e.toProblem().errors(), fields.get(i));
            }
        }
        // Printable text beyond ASCII is a value like any other.
        assertEquals("Zo\u00eb \ud83d\ude00", EventQuery.parse(null, null, "Zo\u00eb \ud83d\ude00", null, null, null, null, null)
                .filter().actor());
    }

    @Test
    void refusesAnEmptyOrReversedTimeRange() {
        ApiException e = assertThrows(ApiException.class,
                () -> EventQuery.parse("2026-03-18T12:00:00Z", "2026-03-18T12:00:00Z", null, null, null, null, null, null));
        assertEquals("to", e.toProblem().errors().get(0).field());
    }

    @Test
    void refusesLimitsOutsideOneTo500AndNonIntegers() {
        for (String limit : List.of("0", "501", "-1", "1.5", "ten", "99999999999")) {
            ApiException e = assertThrows(ApiException.class,
                    () -> EventQuery.parse(null, null, null, null, null, null, limit, null), limit);
            assertEquals("limit", e.toProblem().errors().get(0).field());
        }
    }

    @Test
    void recognisesOnlyCanonicalUuids() {
        assertEquals(true, EventQuery.isUuid("c1b2c3d4-e5f6-4890-abcd-ef1234567890"));
        assertEquals(false, EventQuery.isUuid("c1b2c3d4-e5f6-4890-abcd-ef123456789"));
        assertEquals(false, EventQuery.isUuid("1-1-1-1-1"));
        assertEquals(false, EventQuery.isUuid("c1b2c3d4-e5f6-4890-abcd-ef1234567890' or '1'='1"));
    }
}
