package io.connectors.config.web;

import io.connectors.platform.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ETagsTest {

    @Test
    void tagsAVersionWeakly() {
        assertEquals("W/\"7\"", ETags.of(7));
    }

    @Test
    void acceptsAMissingTagAStarOrTheCurrentVersionWeakOrStrong() {
        assertDoesNotThrow(() -> ETags.check(null, 3));
        assertDoesNotThrow(() -> ETags.check("*", 3));
        assertDoesNotThrow(() -> ETags.check("W/\"3\"", 3));
        assertDoesNotThrow(() -> ETags.check("\"3\"", 3));
        assertDoesNotThrow(() -> ETags.check("W/\"1\", W/\"3\"", 3));
    }

    @Test
    void refusesAStaleOrMalformedTagWith412() {
        assertEquals(412, assertThrows(ApiException.class, () -> ETags.check("W/\"2\"", 3)).status());
        assertEquals(412, assertThrows(ApiException.class, () -> ETags.check("3", 3)).status());
        assertEquals(412, assertThrows(ApiException.class, () -> ETags.check("W/\"33\"", 3)).status());
    }
}
