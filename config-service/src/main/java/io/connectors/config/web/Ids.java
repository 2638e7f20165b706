package io.connectors.config.web;

import java.util.UUID;
import java.util.regex.Pattern;

/** Ids in paths and filters are canonical UUIDs. */
public final class Ids {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    /** The UUID in {@code text}, or null when it is not one (a path id that is not a UUID names no object: 404). */
    public static UUID parse(String text) {
        return text != null && UUID_TEXT.matcher(text).matches() ? UUID.fromString(text) : null;
    }
}
