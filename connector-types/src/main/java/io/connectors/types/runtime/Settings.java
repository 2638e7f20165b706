package io.connectors.types.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.types.ConnectorType;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.OperationDefinition;

import java.util.Map;

/**
 * A call's config, credentials and params with the defaults of their schemas filled in, so a client reads
 * {@code credentials.path("base_url")} and gets the documented default when the field was left out. Copies, in
 * memory only.
 */
public final class Settings {

    private final ObjectNode values;
    private final String prefix;

    private Settings(ObjectNode values, String prefix) {
        this.values = values;
        this.prefix = prefix;
    }

    public static Settings credentials(OperationContext context, ConnectorType type) {
        return new Settings(withDefaults(context.credentials(), definition(context, type).credentialSchema()), "credentials");
    }

    public static Settings config(OperationContext context, ConnectorType type) {
        return new Settings(withDefaults(context.config(), definition(context, type).configSchema()), "config");
    }

    public static Settings params(OperationContext context, ConnectorType type, String operation, JsonNode params) {
        OperationDefinition definition = definition(context, type).operation(operation)
                .orElseThrow(() -> new IllegalArgumentException("unknown operation " + operation));
        return new Settings(withDefaults(params, definition.paramsSchema()), "params");
    }

    /** The field, its default, or a missing node. */
    public JsonNode get(String field) {
        return values.path(field);
    }

    public boolean has(String field) {
        return values.hasNonNull(field);
    }

    /** The text of a field, or null when absent and without default. */
    public String text(String field) {
        return values.hasNonNull(field) ? values.get(field).asText() : null;
    }

    /** @throws ConnectorException a configuration error when absent and without default */
    public String required(String field) {
        String value = text(field);
        if (value == null) {
            throw ConnectorException.configuration(prefix + "." + field + " is not configured");
        }
        return value;
    }

    public int integer(String field) {
        return values.path(field).asInt();
    }

    public boolean flag(String field) {
        return values.path(field).asBoolean(false);
    }

    private static ConnectorTypeDefinition definition(OperationContext context, ConnectorType type) {
        return type.versions().stream()
                .filter(version -> version.majorVersion() == context.majorVersion())
                .findFirst()
                .orElseThrow(() -> ConnectorException.configuration("Major version " + context.majorVersion()
                        + " of this connector type is no longer served"));
    }

    private static ObjectNode withDefaults(JsonNode given, JsonNode schema) {
        ObjectNode values = given != null && given.isObject() ? ((ObjectNode) given).deepCopy() : Json.object();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            if (!values.hasNonNull(property.getKey()) && property.getValue().has("default")) {
                values.set(property.getKey(), property.getValue().get("default"));
            }
        }
        return values;
    }
}
