package io.connectors.audit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The published schema of an audit record envelope ({@code schemas/audit.record.v1.json}, JSON Schema 2020-12): served
 * to analysts as is, and enforced on every record the consumer stores.
 */
@ApplicationScoped
public class AuditRecordSchema {

    public static final String RESOURCE = "schemas/audit.record.v1.json";

    private final String text;
    private final JsonSchema schema;

    public AuditRecordSchema() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The audit record schema " + RESOURCE + " is not on the classpath");
            }
            this.text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode node = new ObjectMapper().readTree(text);
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(node, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit record schema", e);
        }
    }

    /** The schema document, byte for byte as published. */
    public String text() {
        return text;
    }

    /** What is wrong with {@code envelope}, one message per violation (JSON path and rule, never the value); empty if valid. */
    public List<String> violations(JsonNode envelope) {
        return schema.validate(envelope).stream()
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .toList();
    }
}
