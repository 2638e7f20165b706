package io.connectors.config.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.config.web.BodyReader;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The create and update bodies, read field by field with every shape problem reported at once. What the connector
 * type decides (known type, operations, config and credential schemas) is checked by the catalog afterwards.
 */
final class ConnectorRequests {

    static final int NAME_MAX = 100;
    static final int DESCRIPTION_MAX = 1000;
    static final int TYPE_MAX = 64;
    static final int OPERATIONS_MAX = 100;
    static final int OPERATION_MAX = 100;

    static final String AGENT_ID = "agent_id";
    static final String CONNECTOR_TYPE = "connector_type";
    static final String PERMITTED_OPERATIONS = "permitted_operations";
    static final String CREDENTIALS = "credentials";
    static final String CONFIG = "config";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String ENABLED = "enabled";

    private static final Set<String> CREATE_FIELDS = Set.of(AGENT_ID, CONNECTOR_TYPE, PERMITTED_OPERATIONS, CREDENTIALS,
            CONFIG, NAME, DESCRIPTION, ENABLED);
    private static final Set<String> UPDATE_FIELDS = Set.of(PERMITTED_OPERATIONS, CREDENTIALS, CONFIG, NAME, DESCRIPTION,
            ENABLED);
    private static final Set<String> IMMUTABLE = Set.of(AGENT_ID, CONNECTOR_TYPE);
    /** The parts the connector type validates; a shape error in one of them makes that validation moot. */
    private static final List<String> TYPE_CHECKED = List.of(CONNECTOR_TYPE, PERMITTED_OPERATIONS, CREDENTIALS, CONFIG);

    private ConnectorRequests() {
    }

    /** A create body with its shape problems (empty when the catalog may check the rest). */
    record Create(UUID agentId, String connectorType, List<String> permittedOperations, JsonNode credentials,
                  JsonNode config, String name, String description, boolean enabled, List<FieldError> errors) {

        boolean typeCheckable() {
            return ConnectorRequests.typeCheckable(errors);
        }
    }

    /**
     * An update body. Absent fields stay as they are: {@code name}, {@code enabled} and {@code permitted_operations}
     * are null when absent; {@code description}, {@code credentials} and {@code config} say whether they were given,
     * since null is a value for them (no description, no credentials, empty config).
     */
    record Update(String name, boolean descriptionGiven, String description, Boolean enabled,
                  List<String> permittedOperations, boolean credentialsGiven, JsonNode credentials,
                  boolean configGiven, JsonNode config, List<FieldError> errors) {

        /** Whether the type must validate the result (operations, credentials or config change). */
        boolean changesTypeCheckedParts() {
            return permittedOperations != null || credentialsGiven || configGiven;
        }

        boolean typeCheckable() {
            return ConnectorRequests.typeCheckable(errors);
        }
    }

    static Create create(JsonNode body) {
        BodyReader reader = BodyReader.of(body);
        reader.rejectUnknown(CREATE_FIELDS);
        UUID agentId = reader.uuid(AGENT_ID, true);
        String type = reader.text(CONNECTOR_TYPE, true, TYPE_MAX);
        List<String> operations = reader.strings(PERMITTED_OPERATIONS, true, OPERATIONS_MAX, OPERATION_MAX);
        JsonNode credentials = reader.object(CREDENTIALS);
        JsonNode config = reader.object(CONFIG);
        // Optional so the seed's create (which has no name) works; the service names such a connector after its type.
        String name = reader.has(NAME) ? reader.text(NAME, true, NAME_MAX) : null;
        String description = reader.multilineText(DESCRIPTION, DESCRIPTION_MAX);
        Boolean enabled = reader.bool(ENABLED);
        return new Create(agentId, type, operations, credentials, config, name == null ? null : name.strip(), description,
                enabled == null || enabled, reader.errors());
    }

    static Update update(JsonNode body) {
        BodyReader reader = BodyReader.of(body);
        if (reader.isEmpty()) {
            throw ApiException.badRequest("Give at least one field to update",
                    List.of(new FieldError("body", "no fields to update; allowed: " + String.join(", ", UPDATE_FIELDS.stream().sorted().toList()))));
        }
        reader.rejectPresent(IMMUTABLE, "cannot be changed; create a new connector instead");
        reader.rejectUnknown(union(UPDATE_FIELDS, IMMUTABLE));
        String name = reader.has(NAME) ? notNull(reader, NAME, reader.text(NAME, true, NAME_MAX)) : null;
        String description = reader.multilineText(DESCRIPTION, DESCRIPTION_MAX);
        Boolean enabled = reader.has(ENABLED) ? notNull(reader, ENABLED, reader.bool(ENABLED)) : null;
        List<String> operations = reader.has(PERMITTED_OPERATIONS)
                ? reader.strings(PERMITTED_OPERATIONS, true, OPERATIONS_MAX, OPERATION_MAX) : null;
        JsonNode credentials = reader.object(CREDENTIALS);
        JsonNode config = reader.object(CONFIG);
        return new Update(name == null ? null : name.strip(), reader.has(DESCRIPTION), description, enabled, operations,
                reader.has(CREDENTIALS), credentials, reader.has(CONFIG), config, reader.errors());
    }

    /** Every error of a request, or nothing: shape problems first, then the type's, without repeating a field. */
    static void throwIfAny(List<FieldError> shape, List<FieldError> byType) {
        List<FieldError> all = new ArrayList<>(shape);
        byType.stream().filter(error -> !all.contains(error)).forEach(all::add);
        if (!all.isEmpty()) {
            throw ApiException.badRequest("The connector configuration is not valid", all);
        }
    }

    private static boolean typeCheckable(List<FieldError> errors) {
        return errors.stream().noneMatch(error -> TYPE_CHECKED.stream().anyMatch(part ->
                error.field().equals(part) || error.field().startsWith(part + ".") || error.field().startsWith(part + "[")));
    }

    private static <T> T notNull(BodyReader reader, String field, T value) {
        if (value == null && reader.errors().stream().noneMatch(error -> error.field().equals(field))) {
            reader.error(field, "must not be null");
        }
        return value;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
