package io.connectors.config.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.CredentialField;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Turns validated plaintext credentials into what is stored: defaults of the type filled in, encrypted by the
 * {@link SecretCipher} bound to org and config id, plus the redacted view and the field names, computed here so that
 * nothing downstream ever needs the plaintext again.
 */
@ApplicationScoped
public class CredentialSealer {

    private final SecretCipher cipher;
    private final ObjectMapper json;

    public CredentialSealer(SecretCipher cipher, ObjectMapper json) {
        this.cipher = cipher;
        this.json = json;
    }

    public Uni<SealedCredentials> seal(String orgId, UUID configId, ConnectorTypeDefinition type, JsonNode credentials) {
        ObjectNode complete = withDefaults(type, credentials);
        byte[] plaintext;
        try {
            plaintext = json.writeValueAsBytes(complete);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("Credentials are not serializable"));
        }
        ObjectNode redacted = CredentialRedactor.redact(type, complete);
        List<String> fields = fieldNames(complete);
        return cipher.encrypt(orgId, configId.toString(), plaintext)
                .eventually(() -> Arrays.fill(plaintext, (byte) 0))
                .map(ciphertext -> new SealedCredentials(ciphertext, redacted, fields));
    }

    /** The same credentials under the cipher's active key (key rotation); nothing else about them changes. */
    public Uni<String> rewrap(String orgId, UUID configId, String ciphertext) {
        return cipher.rewrap(orgId, configId.toString(), ciphertext);
    }

    private ObjectNode withDefaults(ConnectorTypeDefinition type, JsonNode credentials) {
        ObjectNode complete = credentials.deepCopy();
        for (CredentialField field : type.credentialFields()) {
            if (field.defaultValue() != null && !complete.has(field.name())) {
                complete.set(field.name(), json.valueToTree(field.defaultValue()));
            }
        }
        return complete;
    }

    private static List<String> fieldNames(ObjectNode credentials) {
        List<String> names = new ArrayList<>();
        credentials.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return List.copyOf(names);
    }
}
