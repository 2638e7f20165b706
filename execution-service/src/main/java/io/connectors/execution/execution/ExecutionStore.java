package io.connectors.execution.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.runner.ExecutionError;
import io.connectors.execution.support.Json;
import io.connectors.execution.support.SqlTimes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The executions table in plain SQL on the reactive client, always inside an org-scoped transaction
 * ({@code TenantSql.inOrg}: Row-Level Security hides other orgs' rows). JSON columns are jsonb, converted here once;
 * JSON text is bound as text and cast (the client would bind a Java string to a jsonb parameter as a JSON string).
 */
@ApplicationScoped
class ExecutionStore {

    private static final String COLUMNS = "id, org_id, connector_id, connector_type, operation, params::text, params_hash,"
            + " mode, status, result::text, error::text, decision_id, risk_score, approval_id, approval_expires_at,"
            + " approved_by, requested_by, requested_by_name, requested_by_roles::text, idempotency_key, request_hash,"
            + " response::text, response_status, attempts, created_at, updated_at, finished_at";
    private static final String INSERT = "insert into executions (id, org_id, connector_id, connector_type, operation,"
            + " params, params_hash, mode, status, result, error, decision_id, risk_score, approval_id, approval_expires_at,"
            + " approved_by, requested_by, requested_by_name, requested_by_roles, idempotency_key, request_hash, response,"
            + " response_status, attempts, created_at, updated_at, finished_at) values ($1, $2, $3, $4, $5, $6::text::jsonb, $7,"
            + " $8, $9, $10::text::jsonb, $11::text::jsonb, $12, $13, $14, $15, $16, $17, $18, $19::text::jsonb, $20, $21, $22::text::jsonb, $23,"
            + " $24, $25, $26, $27)";
    private static final String UPDATE = "update executions set status = $2, result = $3::text::jsonb, error = $4::text::jsonb,"
            + " decision_id = $5, risk_score = $6, approval_id = $7, approval_expires_at = $8, approved_by = $9,"
            + " response = $10::text::jsonb, response_status = $11, attempts = $12, updated_at = $13, finished_at = $14"
            + " where id = $1 and status = $15";

    private final ObjectMapper mapper;

    ExecutionStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Uni<Void> insert(SqlConnection connection, Execution execution) {
        return connection.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(execution.id, execution.orgId,
                execution.connectorId, execution.connectorType, execution.operation, Json.write(mapper, execution.params),
                execution.paramsHash, execution.mode, execution.status.value(), Json.write(mapper, execution.result),
                Json.write(mapper, execution.error), execution.decisionId, execution.riskScore, execution.approvalId,
                SqlTimes.of(execution.approvalExpiresAt), execution.approvedBy, execution.requestedBy, execution.requestedByName,
                Json.write(mapper, execution.requestedByRoles), execution.idempotencyKey, execution.requestHash,
                Json.write(mapper, execution.response), execution.responseStatus, execution.attempts,
                SqlTimes.of(execution.createdAt), SqlTimes.of(execution.updatedAt), SqlTimes.of(execution.finishedAt)))).replaceWithVoid();
    }

    /** Writes what may change after the insert, if the row is still in status {@code from}; answers whether it was. */
    Uni<Boolean> update(SqlConnection connection, Execution execution, ExecutionStatus from) {
        return connection.preparedQuery(UPDATE).execute(Tuple.from(Arrays.asList(execution.id, execution.status.value(),
                Json.write(mapper, execution.result), Json.write(mapper, execution.error), execution.decisionId,
                execution.riskScore, execution.approvalId, SqlTimes.of(execution.approvalExpiresAt), execution.approvedBy,
                Json.write(mapper, execution.response), execution.responseStatus, execution.attempts,
                SqlTimes.of(execution.updatedAt), SqlTimes.of(execution.finishedAt), from.value())))
                .map(rows -> rows.rowCount() == 1);
    }

    Uni<Execution> find(SqlConnection connection, UUID id) {
        return one(connection.preparedQuery("select " + COLUMNS + " from executions where id = $1").execute(Tuple.of(id)));
    }

    /** The row, locked until the transaction ends: status transitions are decided one at a time. */
    Uni<Execution> lock(SqlConnection connection, UUID id) {
        return one(connection.preparedQuery("select " + COLUMNS + " from executions where id = $1 for update")
                .execute(Tuple.of(id)));
    }

    Uni<Execution> byIdempotencyKey(SqlConnection connection, String orgId, String key) {
        return one(connection.preparedQuery("select " + COLUMNS + " from executions where org_id = $1 and idempotency_key = $2")
                .execute(Tuple.of(orgId, key)));
    }

    /** Executions of a connector still waiting for an approval or their turn, locked. */
    Uni<List<Execution>> parked(SqlConnection connection, String connectorId) {
        return all(connection.preparedQuery("select " + COLUMNS + " from executions where connector_id = $1"
                        + " and status = any($2) order by created_at for update")
                .execute(Tuple.of(connectorId, ExecutionStatus.PARKED.stream().map(ExecutionStatus::value)
                        .toArray(String[]::new))));
    }

    Uni<Long> count(SqlConnection connection, ExecutionFilter filter) {
        return connection.preparedQuery("select count(*) from executions" + filter.where()).execute(filter.parameters())
                .map(rows -> rows.iterator().next().getLong(0));
    }

    Uni<List<Execution>> page(SqlConnection connection, ExecutionFilter filter, int pageNumber, int pageSize) {
        Tuple parameters = filter.parameters();
        int next = parameters.size();
        parameters.addInteger(pageSize).addLong((long) (pageNumber - 1) * pageSize);
        return all(connection.preparedQuery("select " + COLUMNS + " from executions" + filter.where()
                + " order by created_at desc, id desc limit $" + (next + 1) + " offset $" + (next + 2)).execute(parameters));
    }

    /** Across orgs (directory transaction): executions in {@code status} not updated since {@code before}. */
    Uni<List<Stuck>> stuck(SqlConnection connection, ExecutionStatus status, Instant before, int limit) {
        return connection.preparedQuery("select id, org_id from executions where status = $1 and updated_at < $2"
                        + " order by updated_at limit $3")
                .execute(Tuple.of(status.value(), SqlTimes.of(before), limit))
                .map(rows -> {
                    List<Stuck> found = new ArrayList<>();
                    rows.forEach(row -> found.add(new Stuck(row.getUUID(0), row.getString(1))));
                    return found;
                });
    }

    /** An execution the reaper found, and its org. */
    record Stuck(UUID id, String orgId) {
    }

    private Uni<Execution> one(Uni<RowSet<Row>> query) {
        return query.map(rows -> rows.iterator().hasNext() ? execution(rows.iterator().next()) : null);
    }

    private Uni<List<Execution>> all(Uni<RowSet<Row>> query) {
        return query.map(rows -> {
            List<Execution> found = new ArrayList<>();
            rows.forEach(row -> found.add(execution(row)));
            return found;
        });
    }

    private Execution execution(Row row) {
        Execution execution = new Execution(row.getUUID(0), row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), Json.read(mapper, row.getString(5)), row.getString(6), row.getString(7),
                row.getString(16), row.getString(17), Json.read(mapper, row.getString(18), Json.STRINGS), row.getString(19),
                row.getString(20), ExecutionStatus.of(row.getString(8)), SqlTimes.instant(row.getOffsetDateTime(24)));
        execution.result = Json.read(mapper, row.getString(9));
        execution.error = Json.read(mapper, row.getString(10), ExecutionError.class);
        execution.decisionId = row.getString(11);
        execution.riskScore = row.getInteger(12);
        execution.approvalId = row.getString(13);
        execution.approvalExpiresAt = SqlTimes.instant(row.getOffsetDateTime(14));
        execution.approvedBy = row.getString(15);
        execution.response = Json.read(mapper, row.getString(21));
        execution.responseStatus = row.getInteger(22);
        execution.attempts = row.getInteger(23);
        execution.updatedAt = SqlTimes.instant(row.getOffsetDateTime(25));
        execution.finishedAt = SqlTimes.instant(row.getOffsetDateTime(26));
        return execution;
    }

}
