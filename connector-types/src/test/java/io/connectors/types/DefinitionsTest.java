package io.connectors.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static io.connectors.types.Catalogs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefinitionsTest {

    @Test
    void loadsADefinitionWithIncludedPartsAndDerivedCredentialFields() {
        ConnectorTypeDefinition fax = Definitions.load(DefinitionsTest.class, "fixture/minimal.json");

        assertEquals("3.1.4", fax.version());
        assertEquals(3, fax.majorVersion());
        assertEquals(OperationClass.WRITE, fax.operation("pages:send").orElseThrow().operationClass());
        assertEquals(List.of(new CredentialField("number", "string", true, false, null, null, null),
                new CredentialField("pin", "string", false, true, null, "0000", null)), fax.credentialFields());
        assertEquals(Definitions.JSON_SCHEMA_DIALECT, fax.operations().get(0).paramsSchema().path("$schema").asText());
    }

    @Test
    void failsTheStartOnAMissingResourceNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Definitions.load(DefinitionsTest.class, "fixture/none.json"));
        assertEquals("Invalid connector type definition io.connectors.types/fixture/none.json: resource fixture/none.json not found", e.getMessage());
    }

    @Test
    void refusesAnUnknownKey() {
        assertRefused(root -> root.put("colour", "blue"), "unknown key colour in definition");
    }

    @Test
    void refusesASchemaThatAcceptsUnknownFields() {
        assertRefused(root -> ((ObjectNode) root.get("config_schema")).remove("additionalProperties"),
                "config_schema must set additionalProperties to false");
    }

    @Test
    void refusesAVersionThatIsNotSemantic() {
        assertRefused(root -> root.put("version", "1.0"), "version must be semantic (1.0.0)");
    }

    @Test
    void refusesATypeIdOutsideSnakeCase() {
        assertRefused(root -> root.put("id", "Fax-Machine"), "id must match [a-z][a-z0-9_]*");
    }

    @Test
    void refusesTwoOperationsWithOneName() {
        assertRefused(root -> ((ArrayNode) root.get("operations")).add(root.get("operations").get(0).deepCopy()),
                "duplicate operation pages:send");
    }

    @Test
    void refusesARiskOutsideZeroToHundred() {
        assertRefused(root -> operation(root).put("base_risk", 101), "pages:send: base_risk must be an integer 0-100");
    }

    @Test
    void refusesAnUnknownOperationClass() {
        assertRefused(root -> operation(root).put("class", "admin"), "pages:send: class must be read, write or destructive");
    }

    @Test
    void refusesAnOperationNameWithoutResourceAndVerb() {
        assertRefused(root -> operation(root).put("name", "send"), "operation name send must match [a-z][a-z_]*:[a-z][a-z_]*");
    }

    @Test
    void refusesACredentialFieldWithoutASingleType() {
        assertRefused(root -> ((ObjectNode) root.at("/credential_schema/properties/number")).remove("type"),
                "credential field number needs a single type");
    }

    @Test
    void refusesARequiredCredentialFieldThatIsNotDefined() {
        assertRefused(root -> ((ArrayNode) root.at("/credential_schema/required")).add("pin_code"),
                "required credential field pin_code is not defined");
    }

    private static ObjectNode operation(JsonNode root) {
        return (ObjectNode) root.get("operations").get(0);
    }

    private static void assertRefused(Consumer<ObjectNode> breakIt, String message) {
        ObjectNode root = (ObjectNode) json("""
                {"id": "fax", "name": "Fax", "description": "d", "version": "1.0.0",
                 "config_schema": {"type": "object", "additionalProperties": false},
                 "credential_schema": {"type": "object", "additionalProperties": false, "required": ["number"],
                                       "properties": {"number": {"type": "string"}}},
                 "operations": [{"name": "pages:send", "description": "d", "class": "write", "base_risk": 20,
                                 "idempotent": false, "params_schema": {"type": "object", "additionalProperties": false}}]}
                """);
        Definitions.parse(root);
        breakIt.accept(root);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Definitions.parse(root));
        assertTrue(e.getMessage().equals(message), e.getMessage());
    }
}
