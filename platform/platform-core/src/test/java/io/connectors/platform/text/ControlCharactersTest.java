package io.connectors.platform.text;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlCharactersTest {

    @Test
    void refusesNulOtherControlsAndUnpairedSurrogatesButKeepsLineBreaksInFreeText() {
        for (String bad : new String[]{"a\u0000", "\u0007", "\u007f", "\u0085", "x\uD800", "\uDC00y"}) {
            assertFalse(ControlCharacters.isStorable(bad, false), bad);
            assertFalse(ControlCharacters.isStorable(bad, true), bad);
        }
        assertFalse(ControlCharacters.isStorable("a\tb", false));
        assertTrue(ControlCharacters.isStorable("line one\r\n\tline two", true));
        assertTrue(ControlCharacters.isStorable("caf\u00e9 \uD83D\uDE00", false), "paired surrogates are text");
    }

    @Test
    void namesTheFieldInTheErrorAndTheProblem() {
        assertNull(ControlCharacters.check("actor", null, false));
        assertNull(ControlCharacters.check("actor", "acme-admin", false));
        assertEquals(new FieldError("actor", ControlCharacters.MESSAGE), ControlCharacters.check("actor", "\u0000", false));
        assertEquals(new FieldError("description", ControlCharacters.MULTILINE_MESSAGE),
                ControlCharacters.check("description", "a\nb\u0000", true));

        ApiException refused = assertThrows(ApiException.class, () -> ControlCharacters.require("actor", "%\u0000"));
        assertEquals(400, refused.status());
        assertEquals("actor", refused.toProblem().errors().get(0).field());
        assertEquals("ok", ControlCharacters.require("actor", "ok"));
    }

    @Test
    void makesTextPrintableAndShort() {
        assertEquals("a?b?", ControlCharacters.printable("a\u0000b\uD800", 10));
        assertEquals("abc...", ControlCharacters.printable("abcdef", 3));
        assertEquals("\uD83D\uDE00", ControlCharacters.printable("\uD83D\uDE00", 1));
    }
}
