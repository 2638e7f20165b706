package io.connectors.execution.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.connector.Connector;
import io.connectors.execution.connector.ConnectorRepository;
import io.connectors.execution.policy.Decision;
import io.connectors.execution.policy.DecisionRequest;
import io.connectors.execution.policy.PolicyClient;
import io.connectors.execution.policy.PolicyUnavailableException;
import io.connectors.execution.runner.ExecutionError;
import io.connectors.execution.runner.Fault;
import io.connectors.execution.support.Ids;
import io.connectors.execution.support.Json;
import io.connectors.execution.support.VertxContexts;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.json.CanonicalJson;
import io.connectors.platform.security.Caller;
import io.connectors.platform.tenancy.TenantSessions;
import io.connectors.types.ConnectorCatalog;
import io.connectors.types.OperationDefinition;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The execute flow: config from the read model (404), enabled (409), operation permitted (403), known to the type and
 * credentials present (400), params valid against the operation's schema (400); then a decision from policy-service;
 * then, when allowed, the call. Allowed async requests and approved ones go through connectors.execution-requests.v1.
 * Fail closed: the decision and the "running" audit record commit with the execution row before any call, and
 * without a usable decision nothing runs.
 */
@ApplicationScoped
public class ExecutionService {

    private static final Logger LOG = Logger.getLogger(ExecutionService.class);
    private static final int MAX_IDEMPOTENCY_KEY = 255;

    private final TenantSessions tenants;
    private final ConnectorRepository connectors;
    private final ExecutionRepository executions;
    private final ConnectorCatalog catalog;
    private final PolicyClient policy;
    private final ExecutionJournal journal;
    private final ExecutionLifecycle lifecycle;
    private final ExecutionViews views;
    private final ObjectMapper mapper;

    public ExecutionService(TenantSessions tenants, ConnectorRepository connectors, ExecutionRepository executions,
                            ConnectorCatalog catalog, PolicyClient policy, ExecutionJournal journal,
                            ExecutionLifecycle lifecycle, ExecutionViews views, ObjectMapper mapper) {
        this.tenants = tenants;
        this.connectors = connectors;
        this.executions = executions;
        this.catalog = catalog;
        this.policy = policy;
        this.journal = journal;
        this.lifecycle = lifecycle;
        this.views = views;
        this.mapper = mapper;
    }

    /** The execute API's answer: HTTP status (200 sync, 202 async) and body. */
    public record Answer(int httpStatus, ExecuteResponse body) {
    }

    private sealed interface Admission permits Replay, Admitted {
    }

    private record Replay(Answer answer) implements Admission {
    }

    private record Admitted(Execution execution, Connector connector, OperationDefinition operation,
                            ExecuteRequest request) implements Admission {
    }

    /** Null when the connector is unknown to the caller's org. */
    public Uni<Answer> execute(Caller caller, String connectorId, JsonNode body, String idempotencyKey) {
        ExecuteRequest request = ExecuteRequest.parse(body);
        String key = checkIdempotencyKey(idempotencyKey);
        String requestHash = key == null ? null : request.hash(connectorId);
        Executor context = VertxContexts.current();
        return tenants.inOrg(caller.orgId(), session -> admit(session, caller, connectorId, request, key, requestHash))
                .onFailure(failure -> key != null && isUniqueViolation(failure))
                // Two requests raced with one key: the loser answers like a replay.
                .recoverWithUni(() -> tenants.inOrg(caller.orgId(), session -> replay(session, caller.orgId(), key, requestHash)))
                .chain(admission -> {
                    if (admission == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (admission instanceof Replay replay) {
                        return Uni.createFrom().item(replay.answer());
                    }
                    return decideAndRun((Admitted) admission, caller, context);
                });
    }

    private Uni<Admission> admit(Mutiny.Session session, Caller caller, String connectorId, ExecuteRequest request,
                                 String key, String requestHash) {
        Uni<Admission> prior = key == null ? Uni.createFrom().nullItem() : replay(session, caller.orgId(), key, requestHash);
        return prior.chain(replay -> replay != null ? Uni.createFrom().item(replay)
                : connectors.find(session, connectorId).chain(connector -> {
                    if (connector == null) {
                        return Uni.createFrom().nullItem();
                    }
                    OperationDefinition operation = check(connector, request);
                    Execution execution = new Execution(UUID.randomUUID(), caller.orgId(), connector.id(), connector.type(),
                            request.operation(), views.json(request.params()), CanonicalJson.sha256(request.params()),
                            request.mode(), caller.subject(), caller.username(), views.json(new TreeSet<>(caller.roles())),
                            key, requestHash, Instant.now());
                    return executions.insert(session, execution)
                            .replaceWith(new Admitted(execution, connector, operation, request));
                }));
    }

    private Uni<Admission> replay(Mutiny.Session session, String orgId, String key, String requestHash) {
        return executions.findByIdempotencyKey(session, orgId, key).map(prior -> {
            if (prior == null) {
                return null;
            }
            if (!requestHash.equals(prior.requestHash)) {
                throw ApiException.conflict("This Idempotency-Key was already used with a different request");
            }
            if (prior.response == null) {
                throw ApiException.conflict("The request with this Idempotency-Key is still being processed");
            }
            return new Replay(new Answer(prior.responseStatus, Json.read(mapper, prior.response, ExecuteResponse.class)));
        });
    }

    /** The checks of the seed's execute API, in its order; answers the operation's definition. */
    private OperationDefinition check(Connector connector, ExecuteRequest request) {
        if (!connector.enabled()) {
            throw ApiException.conflict("The connector is disabled");
        }
        if (!connector.permits(request.operation())) {
            throw ApiException.forbidden("The operation is not in the connector's permitted_operations");
        }
        OperationDefinition operation = catalog.version(connector.type(), connector.majorVersion())
                .flatMap(type -> type.operation(request.operation()))
                .orElseThrow(() -> ApiException.badRequest("operation", "unknown operation for connector type " + connector.type()));
        if (!connector.hasCredentials()) {
            throw ApiException.badRequest("credentials", "No credentials are configured for this connector");
        }
        List<FieldError> errors = catalog.validateParams(connector.type(), connector.majorVersion(), request.operation(),
                request.params());
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("The params are invalid for " + request.operation(), errors);
        }
        return operation;
    }

    private Uni<Answer> decideAndRun(Admitted admitted, Caller caller, Executor context) {
        Execution execution = admitted.execution();
        return policy.decide(decisionRequest(admitted, caller))
                .map(DecisionOrFailure::decided)
                .onFailure().recoverWithItem(DecisionOrFailure::failed)
                .emitOn(context)
                .chain(decision -> tenants.inOrg(caller.orgId(), session -> executions.lock(session, execution.id)
                                .chain(row -> applyDecision(session, row, decision, admitted, caller)))
                        // Fail closed: without the decision and its audit record committed, nothing runs.
                        .onFailure().transform(failure -> {
                            LOG.errorf("Execution %s not run: its decision could not be recorded: %s", execution.id, failure.toString());
                            return new ApiException(503, "Service Unavailable",
                                    "The execution could not be recorded, so it was not run; retry later", List.of());
                        }))
                .chain(applied -> applied.claimed() == null ? Uni.createFrom().item(applied.answer())
                        : lifecycle.run(applied.claimed(), context).map(done -> new Answer(200, views.response(done))));
    }

    private record DecisionOrFailure(Decision decision, PolicyUnavailableException failure) {

        static DecisionOrFailure decided(Decision decision) {
            return new DecisionOrFailure(decision, null);
        }

        static DecisionOrFailure failed(Throwable failure) {
            return new DecisionOrFailure(null, failure instanceof PolicyUnavailableException known ? known
                    : PolicyClient.unavailable(failure));
        }
    }

    /** The decision's answer now, or the claim to run now (sync allow). */
    private record Applied(Answer answer, ExecutionLifecycle.Claimed claimed) {
    }

    private Uni<Applied> applyDecision(Mutiny.Session session, Execution execution, DecisionOrFailure outcome,
                                       Admitted admitted, Caller caller) {
        Instant now = Instant.now();
        boolean async = admitted.request().async();
        AuditRecord.Actor actor = Actors.requester(execution, mapper);
        Decision decision = outcome.decision();
        if (decision == null) {
            PolicyUnavailableException failure = outcome.failure();
            execution.ended(ExecutionStatus.ERROR, views.json(new ExecutionError(failure.getMessage()
                    + "; nothing was run", Fault.EXTERNAL, failure.retryable(), null, null, null)), 0, now);
            return answer(session, execution, actor, async);
        }
        execution.decided(decision.decisionId(), decision.riskScore(),
                Decision.ESCALATE.equals(decision.outcome()) ? decision.approvalId() : null, decision.expiresAt());
        switch (decision.outcome()) {
            case Decision.DENY -> {
                List<String> reasons = decision.reasonsOrEmpty();
                execution.ended(ExecutionStatus.DENIED, views.json(new ExecutionError("Denied by policy"
                        + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons)), Fault.BLOCKED, false, null, null,
                        reasons.isEmpty() ? null : reasons)), 0, now);
                return answer(session, execution, actor, async);
            }
            case Decision.ESCALATE -> {
                execution.moveTo(ExecutionStatus.PENDING_APPROVAL, now);
                return answer(session, execution, actor, async);
            }
            default -> {
                if (async) {
                    execution.moveTo(ExecutionStatus.QUEUED, now);
                    return answer(session, execution, actor, true).call(() -> journal.release(session, execution));
                }
                execution.moveTo(ExecutionStatus.RUNNING, now);
                return journal.record(session, execution, actor).replaceWith(new Applied(null, new ExecutionLifecycle.Claimed(
                        execution, admitted.connector(), admitted.operation(), admitted.request().params(), actor, true)));
            }
        }
    }

    private Uni<Applied> answer(Mutiny.Session session, Execution execution, AuditRecord.Actor actor, boolean async) {
        Answer answer = new Answer(async ? 202 : 200, views.response(execution));
        execution.answered(answer.httpStatus(), views.json(answer.body()));
        return journal.record(session, execution, actor).replaceWith(new Applied(answer, null));
    }

    private DecisionRequest decisionRequest(Admitted admitted, Caller caller) {
        Connector connector = admitted.connector();
        OperationDefinition operation = admitted.operation();
        return new DecisionRequest(caller.orgId(), admitted.execution().id.toString(),
                new DecisionRequest.Actor(caller.subject(), caller.username(), List.copyOf(new TreeSet<>(caller.roles()))),
                new DecisionRequest.Connector(connector.id(), connector.type(), connector.agentId(), connector.permittedOperations()),
                new DecisionRequest.Operation(operation.name(), operation.operationClass().json(), operation.baseRisk()),
                admitted.request().params());
    }

    public Uni<ExecutionView> find(Caller caller, String id) {
        UUID uuid = Ids.uuidOrNull(id);
        return uuid == null ? Uni.createFrom().nullItem()
                : tenants.inOrg(caller.orgId(), session -> executions.find(session, uuid)).map(row -> row == null ? null : views.view(row));
    }

    public Uni<ExecutionPage> list(Caller caller, ExecutionQuery query) {
        ExecutionFilter filter = new ExecutionFilter(caller.orgId(), query.connectorId(), query.status());
        return tenants.inOrg(caller.orgId(), session -> executions.count(session, filter)
                .chain(total -> executions.page(session, filter, query.pageNumber(), query.pageSize())
                        .map(rows -> query.page(total, rows.stream().map(views::view).toList()))));
    }

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
}
