package io.connectors.execution.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.ExecutionConfig;
import io.connectors.execution.connector.Connector;
import io.connectors.execution.connector.ConnectorReadModel;
import io.connectors.execution.health.PassiveHealth;
import io.connectors.execution.policy.Decision;
import io.connectors.execution.policy.DecisionRequest;
import io.connectors.execution.policy.PolicyClient;
import io.connectors.execution.policy.PolicyUnavailableException;
import io.connectors.execution.runner.ExecutionError;
import io.connectors.execution.runner.Fault;
import io.connectors.execution.runner.OperationRunner;
import io.connectors.execution.runner.RunOutcome;
import io.connectors.platform.consumer.ProcessedEvents;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.events.v1.ExecutionRequest;
import io.connectors.platform.json.CanonicalJson;
import io.connectors.platform.outbox.Outbox;
import io.connectors.platform.outbox.OutboxEvent;
import io.connectors.platform.security.Caller;
import io.connectors.platform.tenancy.TenantSql;
import io.connectors.types.OperationDefinition;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The one execution flow, in named steps shared by the execute API, the async consumer and the approval release
 * (DESIGN.md, "Execute flow"):
 * <ol>
 *   <li>{@code admit}: the connector from the in-memory read model and {@link Admission}'s checks;</li>
 *   <li>{@code decide}: policy-service's decision (allow, deny or escalate), nothing stored yet;</li>
 *   <li>{@code claim}, commit 1: the execution row in its decided status with the decision's audit records (the
 *       "running" record, before any external call: fail closed, no committed claim, no call);</li>
 *   <li>{@code run}: the call through the connector's client;</li>
 *   <li>{@code finish}, commit 2: the outcome, its audit record and result event.</li>
 * </ol>
 * Once admitted, an execution runs to a terminal status whatever its caller does: the API's work is detached from the
 * HTTP request, so a disconnect discards the answer, not the work; what a crash leaves behind, {@link ExecutionReaper}
 * resolves.
 */
@ApplicationScoped
public class ExecutionFlow {

    public static final String APPROVALS_CONSUMER = "execution-service:approvals";
    public static final String REQUESTS_CONSUMER = "execution-service:execution-requests";

    private static final Logger LOG = Logger.getLogger(ExecutionFlow.class);
    private static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final int MAX_REASON_LENGTH = 300;

    private final TenantSql sql;
    private final ExecutionStore store;
    private final ConnectorReadModel connectors;
    private final Admission admission;
    private final PolicyClient policy;
    private final OperationRunner runner;
    private final ExecutionJournal journal;
    private final Outbox outbox;
    private final ProcessedEvents processed;
    private final PassiveHealth health;
    private final ExecutionViews views;
    private final ObjectMapper mapper;
    private final ExecutionConfig config;

    public ExecutionFlow(TenantSql sql, ExecutionStore store, ConnectorReadModel connectors, Admission admission,
                         PolicyClient policy, OperationRunner runner, ExecutionJournal journal, Outbox outbox,
                         ProcessedEvents processed, PassiveHealth health, ExecutionViews views, ObjectMapper mapper,
                         ExecutionConfig config) {
        this.sql = sql;
        this.store = store;
        this.connectors = connectors;
        this.admission = admission;
        this.policy = policy;
        this.runner = runner;
        this.journal = journal;
        this.outbox = outbox;
        this.processed = processed;
        this.health = health;
        this.views = views;
        this.mapper = mapper;
        this.config = config;
    }

    /** The execute API's answer: HTTP status (200 sync, 202 async) and body. */
    public record Answer(int httpStatus, ExecuteResponse body) {
    }

    // ------------------------------------------------------------------------------------------------ the execute API

    /**
     * {@code POST /v1/connectors/{id}/execute}. Null when the connector is unknown to the caller's org. The work is
     * detached from the caller: cancelling the returned Uni (a client disconnect) does not stop it.
     */
    public Uni<Answer> execute(Caller caller, String connectorId, JsonNode body, String idempotencyKey) {
        Uni<Answer> work = Uni.createFrom().deferred(() -> {
            ExecuteRequest request = ExecuteRequest.parse(body);
            String key = checkIdempotencyKey(idempotencyKey);
            String requestHash = key == null ? null : request.hash(connectorId);
            return replay(caller.orgId(), key, requestHash).chain(replayed -> replayed != null
                    ? Uni.createFrom().item(replayed)
                    : connectors.find(caller.orgId(), connectorId).chain(connector ->
                            admitDecideAndRun(caller, connectorId, connector, request, key, requestHash)));
        });
        return Uni.createFrom().emitter(answer -> work.subscribe().with(answer::complete, answer::fail));
    }

    private Uni<Answer> admitDecideAndRun(Caller caller, String connectorId, Connector connector, ExecuteRequest request,
                                          String key, String requestHash) {
        Admission.Verdict verdict = admission.check(connector, request.operation(), request.params());
        if (verdict.refusal() != null) {
            ApiException problem = verdict.refusal().toProblem();
            return problem == null ? Uni.createFrom().nullItem() : Uni.createFrom().failure(problem);
        }
        Execution execution = new Execution(UUID.randomUUID(), caller.orgId(), connectorId, connector.type(),
                request.operation(), request.params(), CanonicalJson.sha256(request.params()), request.mode(),
                caller.subject(), caller.username(), List.copyOf(new TreeSet<>(caller.roles())), key, requestHash,
                ExecutionStatus.RECEIVED, Instant.now());
        AuditRecord.Actor actor = Actors.requester(execution);
        return decide(execution, connector, verdict.operation())
                .chain(decided -> claim(execution, decided, actor, true))
                .onFailure(failure -> key != null && isUniqueViolation(failure))
                // Two requests raced with one key: the loser answers like a replay.
                .recoverWithUni(() -> replay(caller.orgId(), key, requestHash).onItem().ifNull().failWith(() ->
                        ApiException.conflict("The request with this Idempotency-Key is still being processed")))
                .chain(claimed -> {
                    if (claimed instanceof Answer replayed) {
                        return Uni.createFrom().item(replayed);
                    }
                    if (execution.status() != ExecutionStatus.RUNNING) {
                        return Uni.createFrom().item(answer(execution));
                    }
                    return run(execution, connector, verdict.operation())
                            .chain(outcome -> finish(execution, outcome, actor, true))
                            .map(finished -> answer(execution));
                });
    }

    private Uni<Answer> replay(String orgId, String key, String requestHash) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return sql.inOrg(orgId, connection -> store.byIdempotencyKey(connection, orgId, key)).map(prior -> {
            if (prior == null) {
                return null;
            }
            if (!requestHash.equals(prior.requestHash)) {
                throw ApiException.conflict("This Idempotency-Key was already used with a different request");
            }
            if (prior.response == null) {
                throw ApiException.conflict("The request with this Idempotency-Key is still being processed");
            }
            return new Answer(prior.responseStatus, mapper.convertValue(prior.response, ExecuteResponse.class));
        });
    }

    private Answer answer(Execution execution) {
        return new Answer(execution.async() ? 202 : 200, views.response(execution));
    }

    // ------------------------------------------------------------------------------------------------ the steps

    /** A decision, or why there is none (the execution then ends in error: nothing runs without a decision). */
    private record Decided(Decision decision, PolicyUnavailableException failure) {
    }

    /** Step 2: asks the policy engine; stores nothing. */
    private Uni<Decided> decide(Execution execution, Connector connector, OperationDefinition operation) {
        DecisionRequest request = new DecisionRequest(execution.orgId, execution.id.toString(),
                new DecisionRequest.Actor(execution.requestedBy, execution.requestedByName, execution.requestedByRoles),
                new DecisionRequest.Connector(connector.id(), connector.type(), connector.agentId(), connector.permittedOperations()),
                new DecisionRequest.Operation(operation.name(), operation.operationClass().json(), operation.baseRisk()),
                execution.params);
        return policy.decide(request)
                .map(decision -> new Decided(decision, null))
                .onFailure().recoverWithItem(failure -> new Decided(null, PolicyClient.unavailable(failure)));
    }

    /**
     * Step 3, commit 1: the execution as decided (running, queued, pending_approval, denied, or error without a
     * decision), its audit records (the policy engine's decision record among them) and its events, in one
     * transaction. Answers null, or fails with a 503 when it cannot be recorded: then nothing runs.
     */
    private Uni<Object> claim(Execution execution, Decided decided, AuditRecord.Actor actor, boolean answered) {
        Instant now = Instant.now();
        List<OutboxEvent> events = new ArrayList<>(4);
        Decision decision = decided.decision();
        if (decision == null) {
            PolicyUnavailableException failure = decided.failure();
            execution.ended(ExecutionStatus.ERROR, new ExecutionError(failure.getMessage() + "; nothing was run",
                    Fault.EXTERNAL, failure.retryable(), null, null, null), 0, now);
        } else {
            execution.decided(decision.decisionId(), decision.riskScore(),
                    Decision.ESCALATE.equals(decision.outcome()) ? decision.approvalId() : null, decision.expiresAt());
            if (decision.auditRecord() != null) {
                events.add(new OutboxEvent(UUID.fromString(decision.auditRecord().path("id").asText()), execution.orgId,
                        Topics.AUDIT, execution.orgId, decision.auditRecord().toString()));
            }
            switch (decision.outcome()) {
                case Decision.DENY -> {
                    List<String> reasons = decision.reasonsOrEmpty();
                    execution.ended(ExecutionStatus.DENIED, new ExecutionError("Denied by policy"
                            + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)), Fault.BLOCKED, false, null,
                            null, reasons.isEmpty() ? null : reasons), 0, now);
                }
                case Decision.ESCALATE -> execution.moveTo(ExecutionStatus.PENDING_APPROVAL, now);
                default -> execution.moveTo(execution.async() ? ExecutionStatus.QUEUED : ExecutionStatus.RUNNING, now);
            }
        }
        events.addAll(journal.transition(execution, actor));
        if (execution.status() == ExecutionStatus.QUEUED) {
            events.add(journal.release(execution));
        }
        if (answered && execution.idempotencyKey != null && execution.status() != ExecutionStatus.RUNNING) {
            Answer answer = answer(execution);
            execution.answered(answer.httpStatus(), mapper.valueToTree(answer.body()));
        }
        return sql.inOrg(execution.orgId, connection -> store.insert(connection, execution)
                        .chain(() -> outbox.append(connection, events)))
                .replaceWith((Object) null)
                .onFailure(failure -> !isUniqueViolation(failure)).transform(failure -> {
                    // Fail closed: without the decision and its audit records committed, nothing runs.
                    LOG.errorf("Execution %s not run: it could not be recorded: %s", execution.id, failure.toString());
                    return new ApiException(503, "Service Unavailable",
                            "The execution could not be recorded, so it was not run; retry later", List.of());
                });
    }

    /** Step 4: the external call. Never fails: the outcome carries the classified failure. */
    private Uni<RunOutcome> run(Execution execution, Connector connector, OperationDefinition operation) {
        return runner.run(connector, operation, execution.params, execution.id.toString());
    }

    /**
     * Step 5, commit 2: the outcome, its audit record and result event. A database that refuses is retried for a
     * while; past that the row stays running and the reaper marks it interrupted (the call happened, its outcome is
     * known only to this answer).
     */
    private Uni<Execution> finish(Execution execution, RunOutcome outcome, AuditRecord.Actor actor, boolean answered) {
        Instant now = Instant.now();
        if (outcome.succeeded()) {
            execution.succeeded(outcome.result(), outcome.attempts(), now);
        } else {
            execution.ended(ExecutionStatus.ERROR, outcome.failure().toError(), outcome.attempts(), now);
        }
        if (answered && execution.idempotencyKey != null) {
            execution.answered(200, mapper.valueToTree(views.response(execution)));
        }
        health.sample(execution.orgId, execution.connectorId, outcome);
        List<OutboxEvent> events = journal.transition(execution, actor);
        return sql.inOrg(execution.orgId, connection -> store.update(connection, execution, ExecutionStatus.RUNNING)
                        .chain(updated -> {
                            if (!updated) {
                                LOG.warnf("Execution %s finished after the reaper had resolved it; its outcome is not recorded",
                                        execution.id);
                                return Uni.createFrom().voidItem();
                            }
                            return outbox.append(connection, events);
                        }))
                .onFailure().retry().withBackOff(config.finish().firstRetry(), config.finish().maxRetry())
                .expireIn(config.finish().giveUpAfter().toMillis())
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf("Execution %s ran but its outcome could not be recorded; the reaper will mark it interrupted: %s",
                            execution.id, failure.toString());
                    return null;
                })
                .replaceWith(execution);
    }

    // ------------------------------------------------------------------------------------------------ released later

    /**
     * A request from connectors.execution-requests.v1 (an async execution, or one released by an approval). It runs
     * only if it names an execution waiting for exactly this (queued, or approved with this approval id), with the
     * same connector, operation and params, and if {@link Admission} still admits it; the claim commits before the
     * call, then the flow goes on as for the API.
     */
    public Uni<Void> onExecutionRequest(String eventId, ExecutionRequest request, UUID executionId) {
        return connectors.find(request.orgId(), request.connectorId()).chain(connector -> {
            Admission.Verdict verdict = admission.check(connector, request.operation(), request.params());
            return sql.inOrg(request.orgId(), connection -> processed.firstDelivery(connection, REQUESTS_CONSUMER, eventId)
                            .chain(first -> !first ? Uni.createFrom().<Execution>nullItem() : store.lock(connection, executionId)
                                    .chain(execution -> claimReleased(connection, execution, request, verdict))))
                    .chain(execution -> execution == null ? Uni.createFrom().voidItem()
                            : run(execution, connector, verdict.operation())
                                    .chain(outcome -> finish(execution, outcome, Actors.onBehalfOf(execution), false))
                                    .replaceWithVoid());
        });
    }

    /** Commit 1 of a released execution: running, or ended when it may no longer run. Null: nothing to run. */
    private Uni<Execution> claimReleased(SqlConnection connection, Execution execution, ExecutionRequest request,
                                         Admission.Verdict verdict) {
        if (execution == null || !waitsFor(execution, request)) {
            LOG.infof("Execution request for %s ignored: nothing is waiting for it", safe(request.executionId()));
            return Uni.createFrom().nullItem();
        }
        ExecutionStatus waiting = execution.status();
        Instant now = Instant.now();
        if (!Objects.equals(execution.connectorId, request.connectorId()) || !Objects.equals(execution.operation, request.operation())
                || !execution.paramsHash.equals(CanonicalJson.sha256(request.params()))) {
            execution.ended(ExecutionStatus.DENIED, ExecutionError.of(Fault.BLOCKED,
                    "The released request does not match the recorded execution", false), 0, now);
            return record(connection, execution, waiting, Actors.onBehalfOf(execution), List.of()).replaceWith((Execution) null);
        }
        if (verdict.refusal() != null) {
            execution.ended(verdict.refusal().terminalStatus(), verdict.refusal().toError(), 0, now);
            return record(connection, execution, waiting, Actors.onBehalfOf(execution), List.of()).replaceWith((Execution) null);
        }
        execution.moveTo(ExecutionStatus.RUNNING, now);
        return record(connection, execution, waiting, Actors.onBehalfOf(execution), List.of()).replaceWith(execution);
    }

    private static boolean waitsFor(Execution execution, ExecutionRequest request) {
        return request.approvalId() == null
                ? execution.status() == ExecutionStatus.QUEUED
                : execution.status() == ExecutionStatus.APPROVED && request.approvalId().equals(execution.approvalId);
    }

    /**
     * An approval event from policy-service, its signature already verified (ApprovalConsumer). Granted: if it matches
     * the parked execution exactly (org and execution by the row it names, approval id, decision id, connector,
     * operation and params hash) the execution is released onto connectors.execution-requests.v1;
     * otherwise it is refused, and the execution denied (fail closed). Rejected: denied. Expired or cancelled:
     * cancelled. Anything not pending this approval is left alone.
     */
    public Uni<Void> onApproval(String eventId, ApprovalEvent approval, UUID executionId) {
        return sql.inOrg(approval.orgId(), connection -> processed.firstDelivery(connection, APPROVALS_CONSUMER, eventId)
                .chain(first -> !first ? Uni.createFrom().voidItem() : store.lock(connection, executionId)
                        .chain(execution -> applyApproval(connection, execution, approval))));
    }

    private Uni<Void> applyApproval(SqlConnection connection, Execution execution, ApprovalEvent approval) {
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
                    execution.ended(ExecutionStatus.DENIED, ExecutionError.of(Fault.BLOCKED,
                            "The approval does not match the parked request (decision, connector, operation or params)", false), 0, now);
                    return record(connection, execution, ExecutionStatus.PENDING_APPROVAL, actor, List.of());
                }
                execution.approved(truncate(approval.decidedBy()), now);
                return record(connection, execution, ExecutionStatus.PENDING_APPROVAL, actor, List.of(journal.release(execution)));
            }
            case REJECTED -> execution.ended(ExecutionStatus.DENIED, ExecutionError.of(Fault.BLOCKED, "The approval was rejected"
                    + (approval.reason() == null || approval.reason().isBlank() ? "" : ": " + truncate(approval.reason())), false), 0, now);
            case EXPIRED -> execution.ended(ExecutionStatus.CANCELLED,
                    ExecutionError.of(Fault.BLOCKED, "The approval expired before anyone decided", true), 0, now);
            case CANCELLED -> execution.ended(ExecutionStatus.CANCELLED,
                    ExecutionError.of(Fault.BLOCKED, "The approval request was cancelled", false), 0, now);
            default -> {
                return Uni.createFrom().voidItem();
            }
        }
        return record(connection, execution, ExecutionStatus.PENDING_APPROVAL, actor, List.of());
    }

    private static boolean matches(Execution execution, ApprovalEvent approval) {
        return Objects.equals(execution.decisionId, approval.decisionId())
                && Objects.equals(execution.connectorId, approval.connectorId())
                && Objects.equals(execution.operation, approval.operation())
                && Objects.equals(execution.paramsHash, approval.paramsHash())
                && (approval.params() == null || execution.paramsHash.equals(CanonicalJson.sha256(approval.params())));
    }

    /** A deleted connector: everything still waiting on it is cancelled, each with its audit record. */
    public Uni<Void> cancelParked(String orgId, String connectorId) {
        return sql.inOrg(orgId, connection -> store.parked(connection, connectorId)
                .chain(parked -> Multi.createFrom().iterable(parked)
                        .onItem().transformToUniAndConcatenate(execution -> {
                            ExecutionStatus waiting = execution.status();
                            execution.ended(ExecutionStatus.CANCELLED,
                                    ExecutionError.of(Fault.CONFIGURATION, "The connector was deleted", false), 0, Instant.now());
                            return record(connection, execution, waiting, Actors.onBehalfOf(execution), List.of());
                        })
                        .collect().asList().replaceWithVoid()));
    }

    /**
     * The reaper's transition of an execution left non-terminal by a crash, if it is still in {@code stuck} status:
     * received (never decided, so never run) becomes cancelled; running (the call may have happened) becomes
     * interrupted, outcome unknown, never re-run by itself.
     */
    Uni<Boolean> resolveStuck(String orgId, UUID executionId, ExecutionStatus stuck, Instant notUpdatedSince) {
        return sql.inOrg(orgId, connection -> store.lock(connection, executionId).chain(execution -> {
            if (execution == null || execution.status() != stuck || !execution.updatedAt.isBefore(notUpdatedSince)) {
                return Uni.createFrom().item(false);
            }
            if (stuck == ExecutionStatus.RUNNING) {
                execution.ended(ExecutionStatus.INTERRUPTED, ExecutionError.of(Fault.EXTERNAL, "The outcome is unknown:"
                        + " execution-service stopped while the call was in flight. It was not retried; check the external"
                        + " system before running it again", false), execution.attempts, Instant.now());
            } else {
                execution.ended(ExecutionStatus.CANCELLED, ExecutionError.of(Fault.EXTERNAL,
                        "execution-service stopped before the execution was decided; nothing was run", true), 0, Instant.now());
            }
            LOG.warnf("Execution %s was left %s by a crash: now %s", execution.id, stuck.value(), execution.status().value());
            return record(connection, execution, stuck, Actors.onBehalfOf(execution), List.of()).replaceWith(true);
        }));
    }

    /** Writes a transition of a locked row with its audit record, result event and any further events. */
    private Uni<Void> record(SqlConnection connection, Execution execution, ExecutionStatus from, AuditRecord.Actor actor,
                             List<OutboxEvent> more) {
        List<OutboxEvent> events = new ArrayList<>(journal.transition(execution, actor));
        events.addAll(more);
        return store.update(connection, execution, from).chain(updated -> updated ? outbox.append(connection, events)
                : Uni.createFrom().failure(new IllegalStateException("execution " + execution.id + " left " + from.value())));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** An Idempotency-Key is 1-255 visible ASCII characters (as Stripe's and the IETF draft's keys). */
    private static String checkIdempotencyKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ApiException.badRequest("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " visible ASCII characters");
        }
        return key;
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
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
