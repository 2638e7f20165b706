package io.connectors.execution.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.connectors.platform.testing.RepoFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks produced events against the JSON Schemas the suite publishes (read where they live, in platform-core). */
public final class EventSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private EventSchemas() {
    }

    public static void assertValid(String schemaFile, JsonNode event) {
        Set<ValidationMessage> errors = load(schemaFile).validate(event);
        assertEquals(Set.of(), errors, schemaFile + " refuses " + event);
    }

    private static JsonSchema load(String schemaFile) {
        try (InputStream in = Files.newInputStream(RepoFiles.resolve("platform/platform-core/src/main/resources/schemas/" + schemaFile))) {
            return FACTORY.getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
