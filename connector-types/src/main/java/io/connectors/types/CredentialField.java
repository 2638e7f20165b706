package io.connectors.types;

/**
 * One top-level credential field. {@code sensitive} fields are redacted to {@code ****} everywhere; {@code format} is
 * {@code url}, {@code email} or null.
 */
public record CredentialField(String name, String type, boolean required, boolean sensitive, String description,
                              Object defaultValue, String format) {
}
