package io.connectors.platform.error;

/** One input problem: the JSON path of the field at fault (e.g. {@code credentials.client_id}) and why. */
public record FieldError(String field, String message) {
}
