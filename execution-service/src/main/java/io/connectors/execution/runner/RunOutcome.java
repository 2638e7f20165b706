package io.connectors.execution.runner;

import com.fasterxml.jackson.databind.JsonNode;

/** How a call ended: a result, or a classified failure; and how many attempts it took. */
public record RunOutcome(JsonNode result, Failure failure, int attempts) {

    static RunOutcome success(JsonNode result, int attempts) {
        return new RunOutcome(result, null, attempts);
    }

    static RunOutcome failed(Failure failure, int attempts) {
        return new RunOutcome(null, failure, attempts);
    }

    public boolean succeeded() {
        return failure == null;
    }
}
