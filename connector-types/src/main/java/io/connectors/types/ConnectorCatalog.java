package io.connectors.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchema;
import io.connectors.platform.error.FieldError;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every connector type the build knows, each major version with its schemas compiled once. The one source of truth
 * for schema-registry (serves it), config-service (validates configurations in-process) and execution-service
 * (validates parameters, runs operations).
 */
@ApplicationScoped
public class ConnectorCatalog {

    /** A body can hold thousands of unknown fields; past this many errors in one part the client has enough to fix. */
    public static final int MAX_ERRORS_PER_PART = 100;

    private static final Logger LOG = Logger.getLogger(ConnectorCatalog.class);
    private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

    /** Type id to major version to compiled definition, ids sorted. */
    private final Map<String, NavigableMap<Integer, CompiledType>> types;
    private final Set<String> disabled;

    @Inject
    public ConnectorCatalog(@All List<ConnectorType> connectorTypes, ConnectorTypesConfig config) {
        Map<String, NavigableMap<Integer, CompiledType>> byId = new TreeMap<>();
        for (ConnectorType type : connectorTypes) {
            for (ConnectorTypeDefinition definition : type.versions()) {
                CompiledType previous = byId.computeIfAbsent(definition.id(), id -> new TreeMap<>())
                        .put(definition.majorVersion(), CompiledType.of(definition));
                if (previous != null) {
                    throw new IllegalStateException("Connector type " + definition.id() + " defines major version "
                            + definition.majorVersion() + " twice");
                }
            }
        }
        byId.replaceAll((id, versions) -> Collections.unmodifiableNavigableMap(versions));
        this.types = Collections.unmodifiableMap(byId);
        this.disabled = Set.copyOf(config.disabled().orElse(Set.of()));
        Set<String> unknown = new HashSet<>(disabled);
        unknown.removeAll(types.keySet());
        if (!unknown.isEmpty()) {
            LOG.warnf("connectors.types.disabled names unknown connector types %s", unknown);
        }
    }

    /** Every type at its current major version, enabled or not, sorted by id. */
    public List<ConnectorTypeDefinition> all() {
        return types.values().stream().map(versions -> versions.lastEntry().getValue().definition()).toList();
    }

    /** The latest major version. */
    public Optional<ConnectorTypeDefinition> current(String typeId) {
        return compiled(typeId).map(CompiledType::definition);
    }

    public Optional<ConnectorTypeDefinition> version(String typeId, int majorVersion) {
        return compiled(typeId, majorVersion).map(CompiledType::definition);
    }

    /** Every major version still served, oldest first; empty for an unknown type. */
    public List<ConnectorTypeDefinition> versions(String typeId) {
        NavigableMap<Integer, CompiledType> versions = typeId == null ? null : types.get(typeId);
        return versions == null ? List.of() : versions.values().stream().map(CompiledType::definition).toList();
    }

    /** Known and not disabled by {@code connectors.types.disabled}. */
    public boolean isEnabled(String typeId) {
        return typeId != null && types.containsKey(typeId) && !disabled.contains(typeId);
    }

    /**
     * Every problem of a new or changed configuration at once, against the type's current major version. Field paths:
     * {@code connector_type}, {@code config.<field>}, {@code credentials.<field>}, {@code permitted_operations[<i>]}.
     * A null config is validated as {@code {}}; null credentials are allowed (a configuration without credentials
     * yet). An unknown or disabled type yields one error on {@code connector_type}. At most
     * {@value #MAX_ERRORS_PER_PART} errors per part.
     */
    public List<FieldError> validate(String typeId, JsonNode config, JsonNode credentials, List<String> permittedOperations) {
        return validate(typeId, compiled(typeId), config, credentials, permittedOperations);
    }

    /** As {@link #validate(String, JsonNode, JsonNode, List)}, against a configuration stored on an older major version. */
    public List<FieldError> validate(String typeId, int majorVersion, JsonNode config, JsonNode credentials,
                                     List<String> permittedOperations) {
        return validate(typeId, compiled(typeId, majorVersion), config, credentials, permittedOperations);
    }

    /**
     * An operation's parameters against its JSON Schema; field paths {@code params.<field>}. A null params is
     * validated as {@code {}}. Disabled types still validate: their stored configurations may still run.
     */
    public List<FieldError> validateParams(String typeId, String operation, JsonNode params) {
        return validateParams(compiled(typeId), operation, params);
    }

    public List<FieldError> validateParams(String typeId, int majorVersion, String operation, JsonNode params) {
        return validateParams(compiled(typeId, majorVersion), operation, params);
    }

    private List<FieldError> validate(String typeId, Optional<CompiledType> found, JsonNode config, JsonNode credentials,
                                      List<String> permittedOperations) {
        if (typeId == null || typeId.isBlank()) {
            return List.of(new FieldError("connector_type", "is required"));
        }
        if (found.isEmpty()) {
            return List.of(new FieldError("connector_type", "unknown connector type"));
        }
        if (disabled.contains(typeId)) {
            return List.of(new FieldError("connector_type", "this connector type is disabled"));
        }
        CompiledType type = found.get();
        List<FieldError> errors = new ArrayList<>();
        errors.addAll(object(type.config(), absentAsEmpty(config), "config"));
        if (!isAbsent(credentials)) {
            errors.addAll(object(type.credentials(), credentials, "credentials"));
        }
        errors.addAll(permittedOperations(type.definition(), permittedOperations));
        return List.copyOf(errors);
    }

    private static List<FieldError> validateParams(Optional<CompiledType> found, String operation, JsonNode params) {
        if (found.isEmpty()) {
            return List.of(new FieldError("connector_type", "unknown connector type"));
        }
        JsonSchema schema = operation == null ? null : found.get().params().get(operation);
        if (schema == null) {
            return List.of(new FieldError("operation", unknownOperation(found.get().definition())));
        }
        return object(schema, absentAsEmpty(params), "params");
    }

    private static List<FieldError> object(JsonSchema schema, JsonNode value, String field) {
        if (!value.isObject()) {
            return List.of(new FieldError(field, "expected an object"));
        }
        return JsonSchemas.errors(schema, value, field);
    }

    private static List<FieldError> permittedOperations(ConnectorTypeDefinition type, List<String> operations) {
        if (operations == null) {
            return List.of(new FieldError("permitted_operations", "is required"));
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < operations.size() && errors.size() < MAX_ERRORS_PER_PART; i++) {
            String operation = operations.get(i);
            String field = "permitted_operations[" + i + "]";
            if (operation == null || operation.isBlank()) {
                errors.add(new FieldError(field, "expected an operation name"));
            } else if (type.operation(operation).isEmpty()) {
                errors.add(new FieldError(field, unknownOperation(type)));
            } else if (!seen.add(operation)) {
                errors.add(new FieldError(field, "duplicate operation"));
            }
        }
        return errors;
    }

    private static String unknownOperation(ConnectorTypeDefinition type) {
        return "unknown operation; " + type.id() + " " + type.version() + " offers "
                + type.operations().stream().map(OperationDefinition::name).collect(Collectors.joining(", "));
    }

    private Optional<CompiledType> compiled(String typeId) {
        NavigableMap<Integer, CompiledType> versions = typeId == null ? null : types.get(typeId);
        return versions == null ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
    }

    private Optional<CompiledType> compiled(String typeId, int majorVersion) {
        NavigableMap<Integer, CompiledType> versions = typeId == null ? null : types.get(typeId);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(majorVersion));
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static JsonNode absentAsEmpty(JsonNode node) {
        return isAbsent(node) ? EMPTY : node;
    }

    /** A definition with its schemas compiled: validating never parses a schema. */
    private record CompiledType(ConnectorTypeDefinition definition, JsonSchema config, JsonSchema credentials,
                                Map<String, JsonSchema> params) {

        static CompiledType of(ConnectorTypeDefinition definition) {
            Map<String, JsonSchema> params = new LinkedHashMap<>();
            definition.operations().forEach(operation ->
                    params.put(operation.name(), JsonSchemas.compile(operation.paramsSchema())));
            return new CompiledType(definition, JsonSchemas.compile(definition.configSchema()),
                    JsonSchemas.compile(definition.credentialSchema()), Map.copyOf(params));
        }
    }
}
