package io.connectors.registry.types;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.types.ConnectorCatalog;
import io.connectors.types.ConnectorTypeDefinition;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The catalog as API views. The catalog is code, fixed for the life of the process, so every view is built once at
 * start and reads cost a map lookup.
 */
@ApplicationScoped
public class ConnectorTypeService {

    private static final Pattern MAJOR_VERSION = Pattern.compile("[1-9][0-9]{0,8}");

    private final ConnectorCatalog catalog;
    private final ConnectorTypeList list;
    /** Type id to major version to view. */
    private final Map<String, Map<Integer, ConnectorTypeDetail>> details;

    public ConnectorTypeService(ConnectorCatalog catalog) {
        this.catalog = catalog;
        List<ConnectorTypeSummary> summaries = new ArrayList<>();
        Map<String, Map<Integer, ConnectorTypeDetail>> byId = new LinkedHashMap<>();
        for (ConnectorTypeDefinition current : catalog.all()) {
            List<String> versions = catalog.versions(current.id()).stream().map(ConnectorTypeDefinition::version).toList();
            boolean enabled = catalog.isEnabled(current.id());
            summaries.add(new ConnectorTypeSummary(current.id(), current.name(), current.description(), current.version(),
                    current.majorVersion(), versions, current.deprecated(), enabled));
            Map<Integer, ConnectorTypeDetail> majors = new LinkedHashMap<>();
            catalog.versions(current.id()).forEach(definition ->
                    majors.put(definition.majorVersion(), detail(definition, versions, enabled)));
            byId.put(current.id(), Map.copyOf(majors));
        }
        this.list = new ConnectorTypeList(List.copyOf(summaries), summaries.size());
        this.details = Map.copyOf(byId);
    }

    public ConnectorTypeList list() {
        return list;
    }

    /** @param version a major version, or null for the current one; null when there is no such type or version */
    public ConnectorTypeDetail find(String type, String version) {
        Map<Integer, ConnectorTypeDetail> majors = details.get(type);
        if (majors == null) {
            return null;
        }
        return majors.get(version == null ? current(type) : majorVersion(version));
    }

    /** Every problem of a configuration, stored nowhere; null when there is no such type or version. */
    public ValidationResult validate(String type, String version, JsonNode body) {
        ConnectorTypeDetail target = find(type, version);
        if (target == null) {
            return null;
        }
        ValidationRequest request = ValidationRequest.from(body);
        List<FieldError> errors = new ArrayList<>(request.shapeErrors());
        errors.addAll(catalog.validate(type, target.majorVersion(), request.config(), request.credentials(),
                request.permittedOperations()));
        return ValidationResult.of(List.copyOf(errors));
    }

    private int current(String type) {
        return catalog.current(type).orElseThrow().majorVersion();
    }

    private static int majorVersion(String version) {
        if (!MAJOR_VERSION.matcher(version).matches()) {
            throw ApiException.badRequest("version", "must be a major version number, e.g. 1");
        }
        return Integer.parseInt(version);
    }

    private static ConnectorTypeDetail detail(ConnectorTypeDefinition definition, List<String> versions, boolean enabled) {
        return new ConnectorTypeDetail(definition.id(), definition.name(), definition.description(), definition.version(),
                definition.majorVersion(), versions, definition.deprecated(), enabled, definition.configSchema(),
                definition.credentialSchema(), definition.operations().stream()
                .map(operation -> new ConnectorTypeDetail.Operation(operation.name(), operation.description(),
                        operation.operationClass().json(), operation.baseRisk(), operation.idempotent(),
                        operation.paramsSchema()))
                .toList());
    }
}
