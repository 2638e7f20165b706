package io.connectors.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpression;
import io.connectors.platform.error.FieldError;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Compiles JSON Schemas (once, at start) and turns validation failures into {@link FieldError}s with our own
 * messages: the validator's messages can quote the rejected value, which may be a secret.
 */
final class JsonSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.builder(
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012))
            .metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .format(new UrlFormat())
                    .format(new EmailFormat())
                    .build())
            .build();

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .regularExpressionFactory(JsonSchemas::ecmaAnchoredRegex)
            .build();

    private JsonSchemas() {
    }

    static JsonSchema compile(JsonNode schema) {
        JsonSchema compiled = FACTORY.getSchema(schema, CONFIG);
        compiled.initializeValidators();
        return compiled;
    }

    /** Every error of {@code instance}, fields named {@code prefix.path.to[0].field}, sorted by field. */
    static List<FieldError> errors(JsonSchema schema, JsonNode instance, String prefix) {
        return schema.validate(instance).stream()
                .map(message -> new FieldError(field(prefix, message), message(message)))
                .distinct()
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .limit(ConnectorCatalog.MAX_ERRORS_PER_PART)
                .toList();
    }

    private static String field(String prefix, ValidationMessage message) {
        StringBuilder field = new StringBuilder(prefix);
        JsonNodePath location = message.getInstanceLocation();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            field.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
        }
        // These report the enclosing object; the field at fault is the property.
        switch (message.getType()) {
            case "required", "additionalProperties", "unevaluatedProperties" -> field.append('.').append(message.getProperty());
            case "dependentRequired" -> field.append('.').append(message.getArguments()[0]);
            default -> {
            }
        }
        return field.toString();
    }

    private static String message(ValidationMessage message) {
        Object[] args = message.getArguments() == null ? new Object[0] : message.getArguments();
        String first = args.length > 0 ? String.valueOf(args[0]) : "";
        return switch (message.getType()) {
            case "required" -> "is required";
            case "dependentRequired" -> "is required with " + message.getProperty();
            case "additionalProperties", "unevaluatedProperties" -> "unknown field";
            case "type" -> expectedType(String.valueOf(args[args.length - 1]));
            case "enum" -> "must be one of " + first;
            case "const" -> "must be " + first;
            case "format" -> format(first);
            case "pattern" -> "must match the pattern " + first;
            case "minLength" -> "must be at least " + first + " characters long";
            case "maxLength" -> "must be at most " + first + " characters long";
            case "minimum" -> "must be at least " + first;
            case "maximum" -> "must be at most " + first;
            case "exclusiveMinimum" -> "must be greater than " + first;
            case "exclusiveMaximum" -> "must be less than " + first;
            case "minItems" -> "must have at least " + first + " items";
            case "maxItems" -> "must have at most " + first + " items";
            case "uniqueItems" -> "must not contain duplicates";
            case "minProperties" -> "must have at least " + first + " entries";
            case "maxProperties" -> "must have at most " + first + " entries";
            case "propertyNames" -> "has an invalid key '" + message.getProperty() + "'";
            default -> withoutLocation(message.getMessage());
        };
    }

    private static String format(String name) {
        return switch (name) {
            case "url" -> "must be an http or https URL";
            case "email" -> "must be an email address";
            case "date-time" -> "must be an RFC 3339 date-time";
            default -> "must be a valid " + name;
        };
    }

    private static String expectedType(String type) {
        if (type.startsWith("[")) {
            return "expected one of " + type.substring(1, type.length() - 1);
        }
        return switch (type) {
            case "integer", "object", "array" -> "expected an " + type;
            default -> "expected a " + type;
        };
    }

    private static String withoutLocation(String text) {
        int colon = text.indexOf(": ");
        return colon < 0 ? text : text.substring(colon + 2);
    }

    /**
     * JSON Schema patterns are ECMA-262: {@code $} ends the input. Java's {@code $} also matches before a final line
     * break, which would let {@code "subject\r\n"} through a single-line pattern; {@code \z} restores the meaning.
     */
    private static RegularExpression ecmaAnchoredRegex(String regex) {
        String java = regex.endsWith("$") && !regex.endsWith("\\$") ? regex.substring(0, regex.length() - 1) + "\\z" : regex;
        Pattern pattern = Pattern.compile(java);
        return value -> pattern.matcher(value).find();
    }

    /** {@code format: url}: an absolute http(s) URL with a host, the only kind a connector may call. */
    static final class UrlFormat implements Format {

        @Override
        public String getName() {
            return "url";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                        && uri.getRawUserInfo() == null;
            } catch (URISyntaxException e) {
                return false;
            }
        }
    }

    /**
     * {@code format: email}: an RFC 5321 mailbox {@code local@domain}, checked by syntax only. The validator's own
     * check wants a public top-level domain, which refuses internal mail domains.
     */
    static final class EmailFormat implements Format {

        private static final Pattern MAILBOX = Pattern.compile(
                "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

        @Override
        public String getName() {
            return "email";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            return value.length() <= 254 && MAILBOX.matcher(value).matches();
        }
    }
}
