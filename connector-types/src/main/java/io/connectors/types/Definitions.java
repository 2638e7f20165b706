package io.connectors.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a connector type's definition from a JSON resource beside its {@link ConnectorType} class:
 * {@code id, name, description, version, deprecated, config_schema, credential_schema, operations[]}. Any object
 * {@code {"$include": "other.json"}} is replaced by that sibling resource, so two major versions can share their
 * operations without copying them. A malformed definition fails the start, never a request.
 */
public final class Definitions {

    public static final String JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TYPE_ID = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern SEMVER = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");
    private static final Pattern OPERATION_NAME = Pattern.compile("[a-z][a-z_]*:[a-z][a-z_]*");
    private static final Set<String> KEYS = Set.of("id", "name", "description", "version", "deprecated",
            "config_schema", "credential_schema", "operations");
    private static final Set<String> OPERATION_KEYS = Set.of("name", "description", "class", "base_risk",
            "idempotent", "params_schema");
    private static final Set<String> CREDENTIAL_FORMATS = Set.of("url", "email");

    private Definitions() {
    }

    /** @param anchor the type's class; {@code resource} is resolved in its package */
    public static ConnectorTypeDefinition load(Class<?> anchor, String resource) {
        try {
            return parse(include(anchor, directory(resource), read(anchor, resource)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid connector type definition " + anchor.getPackageName() + "/"
                    + resource + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("resource " + resource + " not found");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable JSON in " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Replaces {@code {"$include": "name"}} objects with the resource {@code name}, relative to {@code directory}. */
    private static JsonNode include(Class<?> anchor, String directory, JsonNode node) {
        if (node.isObject() && node.size() == 1 && node.has("$include")) {
            String resource = directory + node.get("$include").asText();
            return include(anchor, directory(resource), read(anchor, resource));
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(entry -> copy.set(entry.getKey(), include(anchor, directory, entry.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(include(anchor, directory, element)));
            return copy;
        }
        return node;
    }

    private static String directory(String resource) {
        return resource.substring(0, resource.lastIndexOf('/') + 1);
    }

    static TypeDefinition parse(JsonNode root) {
        onlyKeys(root, KEYS, "definition");
        String id = text(root, "id");
        if (!TYPE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id must match " + TYPE_ID);
        }
        String version = text(root, "version");
        Matcher semver = SEMVER.matcher(version);
        if (!semver.matches()) {
            throw new IllegalArgumentException("version must be semantic (1.0.0)");
        }
        ObjectNode credentialSchema = schema(root, "credential_schema");
        List<OperationDefinition> operations = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonNode operationNodes = root.path("operations");
        if (!operationNodes.isArray() || operationNodes.isEmpty()) {
            throw new IllegalArgumentException("operations must be a non-empty array");
        }
        for (JsonNode node : operationNodes) {
            OperationDefinition operation = operation(node);
            if (!names.add(operation.name())) {
                throw new IllegalArgumentException("duplicate operation " + operation.name());
            }
            operations.add(operation);
        }
        return new TypeDefinition(id, text(root, "name"), text(root, "description"), version,
                Integer.parseInt(semver.group(1)), root.path("deprecated").asBoolean(false),
                schema(root, "config_schema"), credentialSchema, credentialFields(credentialSchema), operations);
    }

    private static OperationDefinition operation(JsonNode node) {
        onlyKeys(node, OPERATION_KEYS, "operation");
        String name = text(node, "name");
        if (!OPERATION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("operation name " + name + " must match " + OPERATION_NAME);
        }
        int risk = node.path("base_risk").asInt(-1);
        if (!node.path("base_risk").isInt() || risk < 0 || risk > 100) {
            throw new IllegalArgumentException(name + ": base_risk must be an integer 0-100");
        }
        if (!node.path("idempotent").isBoolean()) {
            throw new IllegalArgumentException(name + ": idempotent must be a boolean");
        }
        OperationClass operationClass;
        try {
            operationClass = OperationClass.fromJson(text(node, "class"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": class must be read, write or destructive", e);
        }
        return new OperationDefinition(name, text(node, "description"), operationClass, risk,
                node.get("idempotent").booleanValue(), schema(node, "params_schema"));
    }

    /** The flat view of the credential schema's top-level properties that the seed's schemas endpoint shows. */
    private static List<CredentialField> credentialFields(ObjectNode schema) {
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        List<CredentialField> fields = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode field = property.getValue();
            String name = property.getKey();
            if (!field.path("type").isTextual()) {
                throw new IllegalArgumentException("credential field " + name + " needs a single type");
            }
            String format = field.hasNonNull("format") ? field.get("format").asText() : null;
            if (format != null && !CREDENTIAL_FORMATS.contains(format)) {
                throw new IllegalArgumentException("credential field " + name + ": format must be one of " + CREDENTIAL_FORMATS);
            }
            Object defaultValue = field.has("default") ? JSON.convertValue(field.get("default"), Object.class) : null;
            fields.add(new CredentialField(name, field.get("type").asText(), required.contains(name),
                    field.path("writeOnly").asBoolean(false), field.hasNonNull("description") ? field.get("description").asText() : null,
                    defaultValue, format));
        }
        for (String name : required) {
            if (!schema.path("properties").has(name)) {
                throw new IllegalArgumentException("required credential field " + name + " is not defined");
            }
        }
        return fields;
    }

    private static ObjectNode schema(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null || !node.isObject() || !"object".equals(node.path("type").asText())) {
            throw new IllegalArgumentException(key + " must be a JSON Schema of type object");
        }
        // Closed schemas: an unknown field is a typo or a smuggled value, never silently stored or sent.
        if (!node.has("additionalProperties") || node.get("additionalProperties").asBoolean(true)) {
            throw new IllegalArgumentException(key + " must set additionalProperties to false");
        }
        ObjectNode schema = JSON.createObjectNode().put("$schema", JSON_SCHEMA_DIALECT);
        schema.setAll((ObjectNode) node);
        return schema;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(key + " must be a non-blank string");
        }
        return value.asText();
    }

    private static void onlyKeys(JsonNode node, Set<String> allowed, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown key " + name + " in " + what);
            }
        }
    }
}
