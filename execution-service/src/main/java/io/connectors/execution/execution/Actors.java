package io.connectors.execution.execution;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.security.Roles;

import java.io.UncheckedIOException;
import java.util.List;

/** Who an execution's audit records name as actor. */
final class Actors {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final String SERVICE = "execution-service";

    private Actors() {
    }

    /** The verified caller who asked for it (inside the execute request). */
    static AuditRecord.Actor requester(Execution execution, ObjectMapper mapper) {
        List<String> roles = roles(execution, mapper);
        return new AuditRecord.Actor(roles.contains(Roles.SERVICE) ? AuditRecord.Actor.SERVICE : AuditRecord.Actor.USER,
                execution.requestedBy, execution.requestedByName, roles, null);
    }

    /** This service acting later (approval released, async run, connector deleted) on behalf of the requester. */
    static AuditRecord.Actor onBehalfOf(Execution execution) {
        return new AuditRecord.Actor(AuditRecord.Actor.SERVICE, SERVICE, SERVICE, List.of(Roles.SERVICE),
                execution.requestedByName == null ? execution.requestedBy : execution.requestedByName);
    }

    static List<String> roles(Execution execution, ObjectMapper mapper) {
        try {
            return mapper.readValue(execution.requestedByRoles, STRINGS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
