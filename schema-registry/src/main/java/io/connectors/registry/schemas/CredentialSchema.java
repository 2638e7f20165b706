package io.connectors.registry.schemas;

import java.util.Map;

/** The credential fields of one connector type, in definition order. */
public record CredentialSchema(Map<String, CredentialSchemaField> fields) {
}
