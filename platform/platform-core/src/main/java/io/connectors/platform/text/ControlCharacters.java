package io.connectors.platform.text;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;

import java.util.List;

/**
 * The one check for control characters in client text (body fields, query parameters): NUL and every other C0/C1
 * control character, and unpaired surrogates, are refused (PostgreSQL cannot store NUL, no identifier or filter needs
 * one); free text that may span lines keeps tab, line feed and carriage return. A refusal is a 400 naming the field.
 */
public final class ControlCharacters {

    public static final String MESSAGE = "must not contain control characters";
    public static final String MULTILINE_MESSAGE = "must not contain control characters other than tab and line breaks";

    private ControlCharacters() {
    }

    /** Whether {@code text} has no control character (but tab and line breaks when {@code lineBreaks}) and no unpaired surrogate. */
    public static boolean isStorable(String text, boolean lineBreaks) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (refused(c) && !(lineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /** The error naming {@code field} when {@code text} is not {@link #isStorable}; null when it is (or is null). */
    public static FieldError check(String field, String text, boolean lineBreaks) {
        if (text == null || isStorable(text, lineBreaks)) {
            return null;
        }
        return new FieldError(field, lineBreaks ? MULTILINE_MESSAGE : MESSAGE);
    }

    /** {@code value} (a query parameter, a header) when it has no control character; else the 400 naming {@code field}. */
    public static String require(String field, String value) {
        FieldError error = check(field, value, false);
        if (error != null) {
            throw ApiException.badRequest("Invalid query parameters", List.of(error));
        }
        return value;
    }

    /** {@code text} safe to echo: control characters and unpaired surrogates become {@code ?}; at most {@code max} code points, then {@code ...}. */
    public static String printable(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max * 2) + 3);
        int i = 0;
        for (int count = 0; i < text.length() && count < max; count++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            out.appendCodePoint(refused(c) ? '?' : c);
        }
        return i < text.length() ? out.append("...").toString() : out.toString();
    }

    private static boolean refused(int codePoint) {
        return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.SURROGATE;
    }
}
