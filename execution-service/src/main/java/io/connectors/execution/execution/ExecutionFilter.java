package io.connectors.execution.execution;

import org.hibernate.reactive.mutiny.Mutiny;

/** The filters of {@code GET /v1/executions}; the query text holds only fixed fragments, values are bound. */
record ExecutionFilter(String orgId, String connectorId, ExecutionStatus status) {

    String where() {
        return " where orgId = :org" + (connectorId == null ? "" : " and connectorId = :connector")
                + (status == null ? "" : " and status = :status");
    }

    void bind(Mutiny.SelectionQuery<?> query) {
        query.setParameter("org", orgId);
        if (connectorId != null) {
            query.setParameter("connector", connectorId);
        }
        if (status != null) {
            query.setParameter("status", status.value());
        }
    }
}
