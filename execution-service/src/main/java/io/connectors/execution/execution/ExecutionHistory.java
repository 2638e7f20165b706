package io.connectors.execution.execution;

import io.connectors.execution.support.Ids;
import io.connectors.platform.security.Caller;
import io.connectors.platform.tenancy.TenantSql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Reading executions: one, or a filtered page of the caller's org. */
@ApplicationScoped
public class ExecutionHistory {

    private final TenantSql sql;
    private final ExecutionStore store;
    private final ExecutionViews views;

    public ExecutionHistory(TenantSql sql, ExecutionStore store, ExecutionViews views) {
        this.sql = sql;
        this.store = store;
        this.views = views;
    }

    /** Null when the caller's org has no execution of that id. */
    public Uni<ExecutionView> find(Caller caller, String id) {
        UUID uuid = Ids.uuidOrNull(id);
        return uuid == null ? Uni.createFrom().nullItem()
                : sql.inOrg(caller.orgId(), connection -> store.find(connection, uuid)).map(row -> row == null ? null : views.view(row));
    }

    public Uni<ExecutionPage> list(Caller caller, ExecutionQuery query) {
        ExecutionFilter filter = new ExecutionFilter(caller.orgId(), query.connectorId(), query.status());
        return sql.inOrg(caller.orgId(), connection -> store.count(connection, filter)
                .chain(total -> store.page(connection, filter, query.pageNumber(), query.pageSize())
                        .map(rows -> query.page(total, rows.stream().map(views::view).toList()))));
    }
}
