package io.connectors.registry.schemas;

import io.connectors.types.ConnectorCatalog;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.CredentialField;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The credential fields of every type a new configuration may use (disabled types are left out), keyed by type.
 * Built once: the catalog is fixed for the life of the process.
 */
@ApplicationScoped
public class ConnectorSchemaService {

    private final Map<String, CredentialSchema> schemas;

    public ConnectorSchemaService(ConnectorCatalog catalog) {
        Map<String, CredentialSchema> byType = new LinkedHashMap<>();
        for (ConnectorTypeDefinition type : catalog.all()) {
            if (catalog.isEnabled(type.id())) {
                Map<String, CredentialSchemaField> fields = new LinkedHashMap<>();
                type.credentialFields().forEach(field -> fields.put(field.name(), view(field)));
                byType.put(type.id(), new CredentialSchema(Collections.unmodifiableMap(fields)));
            }
        }
        this.schemas = Collections.unmodifiableMap(byType);
    }

    public Map<String, CredentialSchema> schemas() {
        return schemas;
    }

    private static CredentialSchemaField view(CredentialField field) {
        return new CredentialSchemaField(field.type(), field.required(), field.sensitive() ? Boolean.TRUE : null,
                field.description(), field.defaultValue());
    }
}
