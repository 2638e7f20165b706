package io.connectors.platform.json;

import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;

import java.util.List;

/**
 * {@link CanonicalJson} was given a number it has no canonical text for (an infinite or NaN double, or a decimal beyond
 * double range). A 400 so that it can never surface as a 500; {@link #path()} is relative to the node being written
 * (callers should have refused it first with {@link JsonNumbers}, naming the request field).
 */
public final class NumberOutOfRangeException extends ApiException {

    private final String path;

    NumberOutOfRangeException(String path) {
        super(400, "Bad Request", "The JSON has a number out of range", List.of(new FieldError(path, JsonNumbers.MESSAGE)));
        this.path = path;
    }

    public String path() {
        return path;
    }
}
