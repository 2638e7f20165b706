package io.connectors.policy.web;

import java.util.UUID;
import java.util.regex.Pattern;

/** Path ids: anything that is not a canonical UUID names no object, so it is a 404 like an unknown id. */
public final class Ids {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    /** The UUID in {@code text}, or null when it is not one. */
    public static UUID parse(String text) {
        return text != null && UUID_TEXT.matcher(text).matches() ? UUID.fromString(text) : null;
    }
}
