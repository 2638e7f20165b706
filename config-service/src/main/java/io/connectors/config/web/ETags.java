package io.connectors.config.web;

import io.connectors.platform.error.ApiException;

/**
 * Optimistic concurrency: a connector's ETag is {@code W/"<version>"}; a write sent with {@code If-Match} applies only
 * to that version (412 otherwise). Without {@code If-Match} the write applies to whatever is current.
 */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "W/\"" + version + "\"";
    }

    /** Throws 412 unless {@code ifMatch} is absent, {@code *}, or lists the current version. */
    public static void check(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = "\"" + currentVersion + "\"";
        for (String tag : ifMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || stripWeak(trimmed).equals(current)) {
                return;
            }
        }
        throw ApiException.preconditionFailed("The connector changed since it was read (If-Match does not match its"
                + " current ETag " + of(currentVersion) + "); read it again and retry");
    }

    // The version identifies the connector's state exactly, so our weak tags are compared by version, W/ or not.
    private static String stripWeak(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
