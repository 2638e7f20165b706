package io.connectors.execution.execution;

import io.vertx.mutiny.sqlclient.Tuple;

/** The filters of {@code GET /v1/executions}; the query text holds only fixed fragments, values are bound. */
record ExecutionFilter(String orgId, String connectorId, ExecutionStatus status) {

    String where() {
        int next = 2;
        StringBuilder where = new StringBuilder(" where org_id = $1");
        if (connectorId != null) {
            where.append(" and connector_id = $").append(next++);
        }
        if (status != null) {
            where.append(" and status = $").append(next);
        }
        return where.toString();
    }

    /** The values of {@link #where()}'s placeholders, in order; a new tuple each call (callers may add to it). */
    Tuple parameters() {
        Tuple parameters = Tuple.of(orgId);
        if (connectorId != null) {
            parameters.addString(connectorId);
        }
        if (status != null) {
            parameters.addString(status.value());
        }
        return parameters;
    }
}
