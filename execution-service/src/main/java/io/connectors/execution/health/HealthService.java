package io.connectors.execution.health;

import io.connectors.execution.connector.Connector;
import io.connectors.execution.connector.ConnectorRepository;
import io.connectors.execution.runner.ExecutionError;
import io.connectors.execution.runner.OperationRunner;
import io.connectors.execution.runner.RunOutcome;
import io.connectors.execution.support.VertxContexts;
import io.connectors.platform.audit.AuditTrail;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.security.Caller;
import io.connectors.platform.tenancy.TenantSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/** Connector status and connectivity tests. */
@ApplicationScoped
public class HealthService {

    private final TenantSessions tenants;
    private final ConnectorRepository connectors;
    private final ConnectorHealthRepository health;
    private final OperationRunner runner;
    private final AuditTrail audit;

    public HealthService(TenantSessions tenants, ConnectorRepository connectors, ConnectorHealthRepository health,
                         OperationRunner runner, AuditTrail audit) {
        this.tenants = tenants;
        this.connectors = connectors;
        this.health = health;
        this.runner = runner;
        this.audit = audit;
    }

    /** Null when the connector is unknown to the caller's org. */
    public Uni<ConnectorStatus> status(Caller caller, String connectorId) {
        return tenants.inOrg(caller.orgId(), session -> connectors.find(session, connectorId)
                .chain(connector -> connector == null ? Uni.createFrom().nullItem() : health.status(session, connectorId)));
    }

    /** Runs the type's harmless check with the stored credentials, records it as a sample and audits it. */
    public Uni<ConnectivityTest> test(Caller caller, String connectorId) {
        Executor context = VertxContexts.current();
        return tenants.inOrg(caller.orgId(), session -> connectors.find(session, connectorId))
                .chain(connector -> {
                    if (connector == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (!connector.hasCredentials()) {
                        throw ApiException.badRequest("credentials", "No credentials are configured for this connector");
                    }
                    return runner.check(connector).emitOn(context).chain(outcome -> tenants.inOrg(caller.orgId(),
                            session -> recordTest(session, caller, connector, outcome)));
                });
    }

    private Uni<ConnectivityTest> recordTest(Mutiny.Session session, Caller caller, Connector connector, RunOutcome outcome) {
        ExecutionError error = outcome.succeeded() ? null : outcome.failure().toError();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("connector_type", connector.type());
        details.put("status", outcome.succeeded() ? "success" : "error");
        if (error != null) {
            details.put("fault", error.fault().json());
            details.put("reason", error.message());
        }
        Uni<Void> sampled = outcome.succeeded() || outcome.failure().countsAgainstHealth()
                ? health.record(session, connector.orgId(), connector.id(), outcome.succeeded(), ConnectorHealthRepository.TEST)
                : Uni.createFrom().voidItem();
        return sampled
                .chain(() -> audit.record(session, connector.orgId(), AuditTrail.actorOf(caller), AuditActions.CONNECTOR_TESTED,
                        new AuditRecord.Target("connector", connector.id(), connector.id()),
                        outcome.succeeded() ? AuditRecord.Outcome.SUCCESS : AuditRecord.Outcome.FAILURE, details, null))
                .chain(() -> health.status(session, connector.id()))
                .map(status -> new ConnectivityTest(connector.id(), outcome.succeeded() ? "success" : "error",
                        outcome.result(), error, Instant.now(), status.status()));
    }
}
