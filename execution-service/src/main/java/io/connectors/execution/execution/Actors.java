package io.connectors.execution.execution;

import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.security.Roles;

import java.util.List;

/** Who an execution's audit records name as actor. */
final class Actors {

    private static final String SERVICE = "execution-service";

    private Actors() {
    }

    /** The verified caller who asked for it (inside the execute request). */
    static AuditRecord.Actor requester(Execution execution) {
        return new AuditRecord.Actor(execution.requestedByRoles.contains(Roles.SERVICE) ? AuditRecord.Actor.SERVICE
                : AuditRecord.Actor.USER, execution.requestedBy, execution.requestedByName, execution.requestedByRoles, null);
    }

    /** This service acting later (approval released, async run, connector deleted) on behalf of the requester. */
    static AuditRecord.Actor onBehalfOf(Execution execution) {
        return new AuditRecord.Actor(AuditRecord.Actor.SERVICE, SERVICE, SERVICE, List.of(Roles.SERVICE),
                execution.requestedByName == null ? execution.requestedBy : execution.requestedByName);
    }
}
