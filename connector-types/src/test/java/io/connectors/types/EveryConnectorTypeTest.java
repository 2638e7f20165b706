package io.connectors.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import io.connectors.platform.error.FieldError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same checks on every major version of every type: its examples are valid, and each way of breaking them
 * (missing required field, wrong type, unknown field, unknown operation) is reported on the right field path.
 */
class EveryConnectorTypeTest {

    private static final ConnectorCatalog CATALOG = Catalogs.catalog();

    static Stream<ConnectorTypeDefinition> definitions() {
        return CATALOG.all().stream().flatMap(type -> CATALOG.versions(type.id()).stream());
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void acceptsItsExampleConfigurationWithEveryOperation(ConnectorTypeDefinition type) {
        assertEquals(List.of(), validate(type, example(type.configSchema()), example(type.credentialSchema()), allOperations(type)));
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void acceptsTheExampleParamsOfEachOperation(ConnectorTypeDefinition type) {
        for (OperationDefinition operation : type.operations()) {
            JsonNode examples = operation.paramsSchema().path("examples");
            assertFalse(examples.isEmpty(), operation.name() + " has no example params");
            for (JsonNode params : examples) {
                assertEquals(List.of(), CATALOG.validateParams(type.id(), type.majorVersion(), operation.name(), params),
                        operation.name() + " " + params);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void reportsEachMissingRequiredConfigAndCredentialField(ConnectorTypeDefinition type) {
        for (JsonNode name : type.configSchema().path("required")) {
            ObjectNode config = example(type.configSchema());
            config.remove(name.asText());
            assertHasError(validate(type, config, example(type.credentialSchema()), allOperations(type)),
                    "config." + name.asText(), "is required");
        }
        for (CredentialField field : type.credentialFields()) {
            if (field.required()) {
                ObjectNode credentials = example(type.credentialSchema());
                credentials.remove(field.name());
                assertHasError(validate(type, example(type.configSchema()), credentials, allOperations(type)),
                        "credentials." + field.name(), "is required");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void reportsEachWrongTypedConfigAndCredentialField(ConnectorTypeDefinition type) {
        for (Map.Entry<String, JsonNode> property : type.configSchema().path("properties").properties()) {
            ObjectNode config = example(type.configSchema());
            config.set(property.getKey(), wrongValueFor(property.getValue()));
            assertHasError(validate(type, config, example(type.credentialSchema()), allOperations(type)),
                    "config." + property.getKey(), expected(property.getValue()));
        }
        for (CredentialField field : type.credentialFields()) {
            JsonNode schema = type.credentialSchema().path("properties").get(field.name());
            ObjectNode credentials = example(type.credentialSchema());
            credentials.set(field.name(), wrongValueFor(schema));
            assertHasError(validate(type, example(type.configSchema()), credentials, allOperations(type)),
                    "credentials." + field.name(), expected(schema));
        }
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void reportsUnknownFieldsAndOperationsAllAtOnce(ConnectorTypeDefinition type) {
        ObjectNode config = example(type.configSchema()).put("colour", "blue");
        ObjectNode credentials = example(type.credentialSchema()).put("api_secret_typo", "x");
        List<String> operations = new ArrayList<>(allOperations(type));
        operations.add("hosts:format_disk");

        List<FieldError> errors = validate(type, config, credentials, operations);

        assertHasError(errors, "config.colour", "unknown field");
        assertHasError(errors, "credentials.api_secret_typo", "unknown field");
        assertHasError(errors, "permitted_operations[" + (operations.size() - 1) + "]", "unknown operation");
        assertEquals(3, errors.size(), errors::toString);
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void reportsMissingWrongTypedAndUnknownParamsOfEachOperation(ConnectorTypeDefinition type) {
        for (OperationDefinition operation : type.operations()) {
            JsonNode schema = operation.paramsSchema();
            for (JsonNode name : schema.path("required")) {
                ObjectNode params = example(schema);
                params.remove(name.asText());
                assertHasError(params(type, operation, params), "params." + name.asText(), "is required");
            }
            for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
                if (property.getValue().path("type").isTextual()) {
                    ObjectNode params = example(schema);
                    params.set(property.getKey(), wrongValueFor(property.getValue()));
                    assertHasError(params(type, operation, params), "params." + property.getKey(), expected(property.getValue()));
                }
            }
            assertHasError(params(type, operation, example(schema).put("rm_rf", true)), "params.rm_rf", "unknown field");
        }
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void publishesSchemasThatAreValidJsonSchema202012(ConnectorTypeDefinition type) {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of(Definitions.JSON_SCHEMA_DIALECT));
        List<JsonNode> schemas = new ArrayList<>(List.of(type.configSchema(), type.credentialSchema()));
        type.operations().forEach(operation -> schemas.add(operation.paramsSchema()));
        for (JsonNode schema : schemas) {
            assertEquals(Definitions.JSON_SCHEMA_DIALECT, schema.path("$schema").asText());
            assertEquals(0, metaSchema.validate(schema).size(), () -> metaSchema.validate(schema).toString());
        }
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void describesEveryOperationWithRiskAndClass(ConnectorTypeDefinition type) {
        for (OperationDefinition operation : type.operations()) {
            assertTrue(operation.name().matches("[a-z_]+:[a-z_]+"), operation.name());
            assertTrue(operation.baseRisk() >= 0 && operation.baseRisk() <= 100, operation.name());
            assertFalse(operation.description().isBlank(), operation.name());
            if (operation.operationClass() == OperationClass.DESTRUCTIVE) {
                assertTrue(operation.baseRisk() >= 70, operation.name() + " is destructive but scored low");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("definitions")
    void boundsEveryIntegerSoClientsCanReadItAsAnInt(ConnectorTypeDefinition type) {
        List<JsonNode> schemas = new ArrayList<>(List.of(type.configSchema(), type.credentialSchema()));
        type.operations().forEach(operation -> schemas.add(operation.paramsSchema()));
        for (JsonNode schema : schemas) {
            for (JsonNode integer : schema.findParents("type")) {
                if ("integer".equals(integer.get("type").asText())) {
                    assertTrue(integer.has("enum") || integer.path("maximum").asLong(Long.MAX_VALUE) <= Integer.MAX_VALUE,
                            type.id() + ": unbounded integer " + integer);
                }
            }
        }
    }

    private static List<FieldError> validate(ConnectorTypeDefinition type, JsonNode config, JsonNode credentials, List<String> operations) {
        return CATALOG.validate(type.id(), type.majorVersion(), config, credentials, operations);
    }

    private static List<FieldError> params(ConnectorTypeDefinition type, OperationDefinition operation, JsonNode params) {
        return CATALOG.validateParams(type.id(), type.majorVersion(), operation.name(), params);
    }

    private static List<String> allOperations(ConnectorTypeDefinition type) {
        return type.operations().stream().map(OperationDefinition::name).toList();
    }

    private static ObjectNode example(JsonNode schema) {
        JsonNode example = schema.path("examples").path(0);
        assertTrue(example.isObject(), "schema without an example: " + schema);
        return (ObjectNode) example.deepCopy();
    }

    private static JsonNode wrongValueFor(JsonNode schema) {
        return "string".equals(schema.path("type").asText()) ? IntNode.valueOf(12345) : TextNode.valueOf("12345");
    }

    private static String expected(JsonNode schema) {
        String type = schema.path("type").asText();
        return "expected " + (type.equals("integer") || type.equals("object") || type.equals("array") ? "an " : "a ") + type;
    }

    static void assertHasError(List<FieldError> errors, String field, String messageStart) {
        assertTrue(errors.stream().anyMatch(error -> error.field().equals(field) && error.message().startsWith(messageStart)),
                () -> "expected " + field + ": " + messageStart + " in " + errors);
    }
}
