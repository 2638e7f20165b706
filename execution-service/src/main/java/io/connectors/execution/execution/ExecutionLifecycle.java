package io.connectors.execution.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.connector.Connector;
import io.connectors.execution.connector.ConnectorRepository;
import io.connectors.execution.health.ConnectorHealthRepository;
import io.connectors.execution.runner.ExecutionError;
import io.connectors.execution.runner.Fault;
import io.connectors.execution.runner.OperationRunner;
import io.connectors.execution.runner.RunOutcome;
import io.connectors.execution.support.Json;
import io.connectors.platform.consumer.ProcessedEvents;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.events.v1.ExecutionRequest;
import io.connectors.platform.json.CanonicalJson;
import io.connectors.platform.tenancy.TenantSessions;
import io.connectors.types.ConnectorCatalog;
import io.connectors.types.OperationDefinition;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Everything that moves an execution after the execute request: running a claimed execution and recording its
 * outcome, approvals arriving from policy-service, released requests, and deleted connectors. Each transition is
 * decided on the locked row, so an approval is used once and a cancelled execution never runs.
 */
@ApplicationScoped
public class ExecutionLifecycle {

    public static final String APPROVALS_CONSUMER = "execution-service:approvals";
    public static final String REQUESTS_CONSUMER = "execution-service:execution-requests";

    private static final Logger LOG = Logger.getLogger(ExecutionLifecycle.class);
    private static final int MAX_REASON_LENGTH = 300;

    private final TenantSessions tenants;
    private final ExecutionRepository executions;
    private final ConnectorRepository connectors;
    private final ConnectorCatalog catalog;
    private final OperationRunner runner;
    private final ExecutionJournal journal;
    private final ExecutionViews views;
    private final ConnectorHealthRepository health;
    private final ProcessedEvents processed;
    private final ObjectMapper mapper;

    public ExecutionLifecycle(TenantSessions tenants, ExecutionRepository executions, ConnectorRepository connectors,
                              ConnectorCatalog catalog, OperationRunner runner, ExecutionJournal journal,
                              ExecutionViews views, ConnectorHealthRepository health, ProcessedEvents processed,
                              ObjectMapper mapper) {
        this.tenants = tenants;
        this.executions = executions;
        this.connectors = connectors;
        this.catalog = catalog;
        this.runner = runner;
        this.journal = journal;
        this.views = views;
        this.health = health;
        this.processed = processed;
        this.mapper = mapper;
    }

    /** An execution in status running (its audit record committed) and what it needs to run. */
    record Claimed(Execution execution, Connector connector, OperationDefinition operation, JsonNode params,
                   AuditRecord.Actor actor, boolean answerSynchronously) {
    }

    /** Calls the external system and records the outcome; answers the finished row. */
    Uni<Execution> run(Claimed claimed, Executor context) {
        Execution execution = claimed.execution();
        return runner.run(claimed.connector(), claimed.operation(), claimed.params(), execution.id.toString())
                .emitOn(context)
                .chain(outcome -> finish(claimed, outcome).onFailure().recoverWithItem(failure -> {
                    // The call happened and its "running" record is committed; only the outcome could not be stored.
                    LOG.errorf("Execution %s ran but its outcome could not be recorded: %s", execution.id, failure.toString());
                    apply(execution, outcome, Instant.now());
                    return execution;
                }));
    }

    private Uni<Execution> finish(Claimed claimed, RunOutcome outcome) {
        UUID id = claimed.execution().id;
        return tenants.inOrg(claimed.execution().orgId, session -> executions.lock(session, id).chain(execution -> {
            apply(execution, outcome, Instant.now());
            if (claimed.answerSynchronously()) {
                execution.answered(200, views.json(views.response(execution)));
            }
            return journal.record(session, execution, claimed.actor())
                    .chain(() -> sample(session, execution, outcome))
                    .replaceWith(execution);
        }));
    }

    private void apply(Execution execution, RunOutcome outcome, Instant at) {
        if (outcome.succeeded()) {
            execution.succeeded(views.json(outcome.result()), outcome.attempts(), at);
        } else {
            execution.ended(ExecutionStatus.ERROR, views.json(outcome.failure().toError()), outcome.attempts(), at);
        }
    }

    private Uni<Void> sample(Mutiny.Session session, Execution execution, RunOutcome outcome) {
        if (outcome.succeeded()) {
            return health.record(session, execution.orgId, execution.connectorId, true, ConnectorHealthRepository.EXECUTION);
        }
        return outcome.failure().countsAgainstHealth()
                ? health.record(session, execution.orgId, execution.connectorId, false, ConnectorHealthRepository.EXECUTION)
                : Uni.createFrom().voidItem();
    }

    /**
     * An approval event from policy-service. Granted: if it matches the parked execution exactly (approval id,
     * connector, operation and params hash) the execution is released onto connectors.execution-requests.v1;
     * otherwise it is refused, and the execution denied (fail closed). Rejected: denied. Expired or cancelled:
     * cancelled. Anything not pending this approval is left alone.
     */
    public Uni<Void> onApproval(String eventId, ApprovalEvent approval, UUID executionId) {
        return tenants.inOrg(approval.orgId(), session -> processed.firstDelivery(session, APPROVALS_CONSUMER, eventId)
                .chain(first -> !first ? Uni.createFrom().voidItem() : executions.lock(session, executionId)
                        .chain(execution -> applyApproval(session, execution, approval))));
    }

    private Uni<Void> applyApproval(Mutiny.Session session, Execution execution, ApprovalEvent approval) {
        if (execution == null || execution.status() != ExecutionStatus.PENDING_APPROVAL
                || !Objects.equals(execution.approvalId, approval.approvalId())) {
            LOG.infof("Approval %s %s ignored: no execution is pending it", safe(approval.approvalId()), approval.status());
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        AuditRecord.Actor actor = Actors.onBehalfOf(execution);
        switch (approval.status()) {
            case GRANTED -> {
                if (!matches(execution, approval)) {
                    LOG.warnf("Approval %s refused: it does not match execution %s", safe(approval.approvalId()), execution.id);
                    execution.ended(ExecutionStatus.DENIED, error(Fault.BLOCKED,
                            "The approval does not match the parked request (connector, operation or params)", false), 0, now);
                    return journal.record(session, execution, actor);
                }
                execution.approved(truncate(approval.decidedBy()), now);
                return journal.record(session, execution, actor).chain(() -> journal.release(session, execution));
            }
            case REJECTED -> execution.ended(ExecutionStatus.DENIED, error(Fault.BLOCKED, "The approval was rejected"
                    + (approval.reason() == null || approval.reason().isBlank() ? "" : ": " + truncate(approval.reason())), false), 0, now);
            case EXPIRED -> execution.ended(ExecutionStatus.CANCELLED,
                    error(Fault.BLOCKED, "The approval expired before anyone decided", true), 0, now);
            case CANCELLED -> execution.ended(ExecutionStatus.CANCELLED,
                    error(Fault.BLOCKED, "The approval request was cancelled", false), 0, now);
            default -> {
                return Uni.createFrom().voidItem();
            }
        }
        return journal.record(session, execution, actor);
    }

    private static boolean matches(Execution execution, ApprovalEvent approval) {
        return Objects.equals(execution.connectorId, approval.connectorId())
                && Objects.equals(execution.operation, approval.operation())
                && Objects.equals(execution.paramsHash, approval.paramsHash())
                && (approval.params() == null || execution.paramsHash.equals(CanonicalJson.sha256(approval.params())));
    }

    /**
     * A request from connectors.execution-requests.v1. It runs only if it names an execution waiting for exactly this
     * (queued, or approved with this approval id), with the same connector, operation and params, and if the
     * connector still exists, is enabled and still permits the operation. The claim and its "running" audit record
     * commit together before the call.
     */
    public Uni<Void> onExecutionRequest(String eventId, ExecutionRequest request, UUID executionId, Executor context) {
        return tenants.inOrg(request.orgId(), session -> processed.firstDelivery(session, REQUESTS_CONSUMER, eventId)
                        .chain(first -> !first ? Uni.createFrom().<Claimed>nullItem() : executions.lock(session, executionId)
                                .chain(execution -> claim(session, execution, request))))
                .chain(claimed -> claimed == null ? Uni.createFrom().voidItem() : run(claimed, context).replaceWithVoid());
    }

    private Uni<Claimed> claim(Mutiny.Session session, Execution execution, ExecutionRequest request) {
        if (execution == null || !waitsFor(execution, request)) {
            LOG.infof("Execution request for %s ignored: nothing is waiting for it", safe(request.executionId()));
            return Uni.createFrom().nullItem();
        }
        Instant now = Instant.now();
        AuditRecord.Actor actor = Actors.onBehalfOf(execution);
        JsonNode params = Json.read(mapper, execution.params);
        if (!Objects.equals(execution.connectorId, request.connectorId()) || !Objects.equals(execution.operation, request.operation())
                || !execution.paramsHash.equals(CanonicalJson.sha256(request.params()))) {
            execution.ended(ExecutionStatus.DENIED, error(Fault.BLOCKED,
                    "The released request does not match the recorded execution", false), 0, now);
            return journal.record(session, execution, actor).replaceWith((Claimed) null);
        }
        return connectors.find(session, execution.connectorId).chain(connector -> {
            Optional<OperationDefinition> operation = connector == null ? Optional.empty()
                    : catalog.version(connector.type(), connector.majorVersion()).flatMap(type -> type.operation(execution.operation));
            ExecutionError refusal = recheck(connector, execution, operation, params);
            if (refusal != null) {
                execution.ended(connector == null ? ExecutionStatus.CANCELLED
                        : refusal.fault() == Fault.BLOCKED ? ExecutionStatus.DENIED : ExecutionStatus.ERROR, views.json(refusal), 0, now);
                return journal.record(session, execution, actor).replaceWith((Claimed) null);
            }
            execution.moveTo(ExecutionStatus.RUNNING, now);
            return journal.record(session, execution, actor)
                    .replaceWith(new Claimed(execution, connector, operation.get(), params, actor, false));
        });
    }

    private static boolean waitsFor(Execution execution, ExecutionRequest request) {
        return request.approvalId() == null
                ? execution.status() == ExecutionStatus.QUEUED
                : execution.status() == ExecutionStatus.APPROVED && request.approvalId().equals(execution.approvalId);
    }

    /** Why a released execution may no longer run, or null. The connector may have changed since it was accepted. */
    private ExecutionError recheck(Connector connector, Execution execution, Optional<OperationDefinition> operation,
                                   JsonNode params) {
        if (connector == null) {
            return ExecutionError.of(Fault.CONFIGURATION, "The connector was deleted", false);
        }
        if (!connector.enabled()) {
            return ExecutionError.of(Fault.CONFIGURATION, "The connector is disabled", false);
        }
        if (!connector.permits(execution.operation) || operation.isEmpty()) {
            return ExecutionError.of(Fault.BLOCKED, "The operation is no longer permitted for this connector", false);
        }
        if (!connector.hasCredentials()) {
            return ExecutionError.of(Fault.CONFIGURATION, "No credentials are configured for this connector", false);
        }
        if (!catalog.validateParams(connector.type(), connector.majorVersion(), execution.operation, params).isEmpty()) {
            return ExecutionError.of(Fault.CALLER, "The params are no longer valid for this connector", false);
        }
        return null;
    }

    /** A deleted connector: everything still waiting on it is cancelled, each with its audit record. */
    public Uni<Void> cancelParked(Mutiny.Session session, String connectorId) {
        return executions.parked(session, connectorId).chain(parked -> Multi.createFrom().iterable(parked)
                .onItem().transformToUniAndConcatenate(execution -> {
                    execution.ended(ExecutionStatus.CANCELLED,
                            error(Fault.CONFIGURATION, "The connector was deleted", false), 0, Instant.now());
                    return journal.record(session, execution, Actors.onBehalfOf(execution));
                })
                .collect().asList().replaceWithVoid());
    }

    private String error(Fault fault, String message, boolean retryable) {
        return views.json(ExecutionError.of(fault, message, retryable));
    }

    /** Free text from another service (an approver's reason) goes into results: short and printable. */
    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        String clean = text.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > MAX_REASON_LENGTH ? clean.substring(0, MAX_REASON_LENGTH) + "..." : clean;
    }

    private static String safe(String id) {
        return id == null ? "(none)" : truncate(id);
    }
}
