package io.connectors.execution.health;

import io.connectors.execution.connector.Connector;
import io.connectors.execution.connector.ConnectorReadModel;
import io.connectors.execution.runner.ExecutionError;
import io.connectors.execution.runner.OperationRunner;
import io.connectors.execution.runner.RunOutcome;
import io.connectors.platform.audit.AuditTrail;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.outbox.Outbox;
import io.connectors.platform.security.Caller;
import io.connectors.platform.tenancy.TenantSql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connector status and connectivity tests. */
@ApplicationScoped
public class HealthService {

    private final TenantSql sql;
    private final ConnectorReadModel connectors;
    private final ConnectorHealthRepository health;
    private final OperationRunner runner;
    private final AuditTrail audit;
    private final Outbox outbox;

    public HealthService(TenantSql sql, ConnectorReadModel connectors, ConnectorHealthRepository health,
                         OperationRunner runner, AuditTrail audit, Outbox outbox) {
        this.sql = sql;
        this.connectors = connectors;
        this.health = health;
        this.runner = runner;
        this.audit = audit;
        this.outbox = outbox;
    }

    /** Null when the connector is unknown to the caller's org. */
    public Uni<ConnectorStatus> status(Caller caller, String connectorId) {
        return connectors.find(caller.orgId(), connectorId).chain(connector -> connector == null ? Uni.createFrom().nullItem()
                : sql.inOrg(caller.orgId(), connection -> health.status(connection, connectorId)));
    }

    /** Runs the type's harmless check with the stored credentials, records it as a sample and audits it. */
    public Uni<ConnectivityTest> test(Caller caller, String connectorId) {
        return connectors.find(caller.orgId(), connectorId).chain(connector -> {
            if (connector == null) {
                return Uni.createFrom().nullItem();
            }
            if (!connector.hasCredentials()) {
                throw ApiException.badRequest("credentials", "No credentials are configured for this connector");
            }
            return runner.check(connector).chain(outcome -> sql.inOrg(caller.orgId(),
                    connection -> recordTest(connection, caller, connector, outcome)));
        });
    }

    private Uni<ConnectivityTest> recordTest(SqlConnection connection, Caller caller, Connector connector, RunOutcome outcome) {
        ExecutionError error = outcome.succeeded() ? null : outcome.failure().toError();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("connector_type", connector.type());
        details.put("status", outcome.succeeded() ? "success" : "error");
        if (error != null) {
            details.put("fault", error.fault().json());
            details.put("reason", error.message());
        }
        List<HealthSample> sample = outcome.succeeded() || outcome.failure().countsAgainstHealth()
                ? List.of(new HealthSample(Instant.now(), outcome.succeeded(), ConnectorHealthRepository.TEST)) : List.of();
        return health.record(connection, connector.orgId(), connector.id(), sample)
                .chain(() -> outbox.append(connection, List.of(audit.outboxEvent(audit.envelope(connector.orgId(),
                        AuditTrail.actorOf(caller), AuditActions.CONNECTOR_TESTED,
                        new AuditRecord.Target("connector", connector.id(), connector.id()),
                        outcome.succeeded() ? AuditRecord.Outcome.SUCCESS : AuditRecord.Outcome.FAILURE, details, null)))))
                .chain(() -> health.status(connection, connector.id()))
                .map(status -> new ConnectivityTest(connector.id(), outcome.succeeded() ? "success" : "error",
                        outcome.result(), error, Instant.now(), status.status()));
    }
}
