package io.connectors.config.credentials;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Credentials ready to store: the cipher's envelope, the redacted view and the names of the fields set. */
public record SealedCredentials(String ciphertext, ObjectNode redacted, List<String> fieldsSet) {
}
