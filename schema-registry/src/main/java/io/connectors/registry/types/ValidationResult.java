package io.connectors.registry.types;

import io.connectors.platform.error.FieldError;

import java.util.List;

/** The answer of the validate endpoint: always 200 when the body was a JSON object; nothing is stored. */
public record ValidationResult(boolean valid, List<FieldError> errors) {

    static ValidationResult of(List<FieldError> errors) {
        return new ValidationResult(errors.isEmpty(), errors);
    }
}
