package io.connectors.platform.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.error.FieldError;

import java.util.List;

/**
 * The one set of limits on an operation's params, enforced where they enter (execution-service's admission, a 400)
 * and again by every service that receives them (policy-service's decisions and evaluations), so an execution is
 * never admitted with params a later step refuses: nested at most {@value #MAX_DEPTH} levels, numbers within double
 * range, at most {@value #MAX_BYTES} bytes as canonical JSON.
 */
public final class ParamsLimits {

    public static final int MAX_DEPTH = 16;
    public static final int MAX_BYTES = 64 * 1024;

    private ParamsLimits() {
    }

    /**
     * Checks an object of params named {@code field}; adds the first problem to {@code errors} and answers null, or
     * answers the params' canonical JSON (so a caller that hashes or stores them does not write them again).
     */
    public static String check(JsonNode params, String field, List<FieldError> errors) {
        if (depth(params) > MAX_DEPTH) {
            errors.add(new FieldError(field, "must not nest deeper than " + MAX_DEPTH + " levels"));
            return null;
        }
        if (JsonNumbers.check(params, field, errors)) {
            return null;
        }
        String canonical = CanonicalJson.write(params);
        if (canonical.length() > MAX_BYTES) {
            errors.add(new FieldError(field, "must not exceed " + MAX_BYTES + " bytes"));
            return null;
        }
        return canonical;
    }

    /** Containers from the top down, counting no further than one past the limit. */
    private static int depth(JsonNode node) {
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
            if (deepest > MAX_DEPTH) {
                break;
            }
        }
        return (node.isContainerNode() ? 1 : 0) + deepest;
    }
}
