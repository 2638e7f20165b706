package io.connectors.policy.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.audit.AuditTrail;
import io.connectors.platform.error.FieldError;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.security.Caller;
import io.connectors.platform.tenancy.TenantSessions;
import io.connectors.policy.approval.ApprovalService;
import io.connectors.policy.engine.DecisionInput;
import io.connectors.policy.engine.Effect;
import io.connectors.policy.engine.Evaluation;
import io.connectors.policy.engine.Outcome;
import io.connectors.policy.engine.Reason;
import io.connectors.policy.policy.CompiledPolicies;
import io.connectors.policy.support.Redaction;
import io.connectors.policy.web.JsonFields;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Decides one execution: scope binding, then the org's compiled rules and thresholds (from memory). Every decision
 * has a decision log, an audit record with its params redacted. An allow or deny touches no database: its log goes
 * back in the answer, and execution-service commits it with the execution it records. An escalation is bound to an
 * approval request, created in one transaction with its log; a granted approval for the same execution, connector,
 * operation and params lets it through once, and since using it up is a write, that allow's log is committed in the
 * same transaction here and not handed back.
 */
@ApplicationScoped
public class DecisionService {

    private final TenantSessions tenantSessions;
    private final CompiledPolicies compiledPolicies;
    private final ApprovalService approvals;
    private final AuditTrail auditTrail;

    public DecisionService(TenantSessions tenantSessions, CompiledPolicies compiledPolicies, ApprovalService approvals,
                           AuditTrail auditTrail) {
        this.tenantSessions = tenantSessions;
        this.compiledPolicies = compiledPolicies;
        this.approvals = approvals;
        this.auditTrail = auditTrail;
    }

    public Uni<DecisionResponse> decide(Caller caller, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        DecisionRequest request = DecisionRequest.read(JsonFields.body(body, errors));
        if (request.orgId() == null) {
            errors.add(new FieldError("org_id", "is required"));
        }
        if (request.executionId() == null) {
            errors.add(new FieldError("execution_id", "is required"));
        }
        String org = request.orgId() == null ? null : request.orgId().toString();
        DecisionInputs.Validated validated = DecisionInputs.validate(org, request.subject(), "", errors, Instant.now());
        JsonFields.failOn(errors);
        UUID decisionId = UUID.randomUUID();
        AuditRecord.Actor actor = onBehalfOf(caller, validated.input().actor());
        return compiledPolicies.forOrg(org).chain(rules -> {
            Evaluation evaluation = rules.ruleSet().evaluate(validated.input());
            if (evaluation.outcome() != Outcome.ESCALATE) {
                EventEnvelope<AuditRecord> decisionLog = auditTrail.envelope(org, actor, AuditActions.POLICY_DECIDED,
                        target(request), outcome(evaluation.outcome()),
                        details(request, validated, evaluation, null), decisionId.toString());
                return Uni.createFrom().item(response(decisionId, evaluation, null, decisionLog));
            }
            return tenantSessions.inOrg(org, session -> {
                ApprovalService.Binding binding = new ApprovalService.Binding(org, request.executionId(),
                        request.connector().id(), request.connector().type(), request.operation().name(),
                        request.operation().operationClass(), validated.canonicalParams(), validated.paramsHash(),
                        validated.input().actor().subject(), validated.input().actor().username());
                return approvals.escalate(session, binding, decisionId, evaluation, actor).chain(escalation -> {
                    ApprovalService.Ticket ticket = escalation.ticket();
                    Evaluation decided = escalation.granted() ? approvedBy(ticket, evaluation) : evaluation;
                    return auditTrail.record(session, org, actor, AuditActions.POLICY_DECIDED, target(request),
                                    outcome(decided.outcome()), details(request, validated, decided, ticket),
                                    decisionId.toString())
                            .replaceWith(() -> escalation.granted() ? response(decisionId, decided, null, null)
                                    : response(decisionId, decided, ticket, null));
                });
            });
        });
    }

    /** An escalation let through by a granted approval, which is now used up. */
    private static Evaluation approvedBy(ApprovalService.Ticket ticket, Evaluation evaluation) {
        List<Reason> reasons = new ArrayList<>(evaluation.reasons());
        reasons.add(new Reason(null, Reason.APPROVAL, Effect.ALLOW, "granted by " + ticket.decidedBy()
                + " in approval " + ticket.id() + ", now used"));
        return new Evaluation(Outcome.ALLOW, evaluation.riskScore(), List.copyOf(reasons));
    }

    private static DecisionResponse response(UUID decisionId, Evaluation evaluation, ApprovalService.Ticket ticket,
                                             EventEnvelope<AuditRecord> decisionLog) {
        return new DecisionResponse(decisionId.toString(), evaluation.outcome().wire(), evaluation.riskScore(),
                evaluation.reasons(), ticket == null ? null : ticket.id().toString(),
                ticket == null ? null : ticket.expiresAt(), decisionLog);
    }

    private static AuditRecord.Target target(DecisionRequest request) {
        return new AuditRecord.Target("execution", request.executionId().toString(), request.connector().id().toString());
    }

    /** What the decision log says about the decision (params redacted). */
    private static Map<String, Object> details(DecisionRequest request, DecisionInputs.Validated validated,
                                               Evaluation evaluation, ApprovalService.Ticket ticket) {
        DecisionInput input = validated.input();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("outcome", evaluation.outcome().wire());
        details.put("risk_score", evaluation.riskScore());
        details.put("reasons", evaluation.reasons().stream().map(reason -> {
            Map<String, Object> matched = new LinkedHashMap<>();
            matched.put("policy_id", reason.policyId());
            matched.put("rule", reason.rule());
            matched.put("effect", reason.effect().wire());
            return matched;
        }).toList());
        details.put("operation", input.operation().name());
        details.put("operation_class", input.operation().operationClass());
        details.put("base_risk", input.operation().baseRisk());
        details.put("connector_id", input.connector().id());
        details.put("connector_type", input.connector().type());
        details.put("agent_id", input.connector().agentId());
        details.put("execution_id", request.executionId().toString());
        details.put("requested_by", input.actor().subject());
        details.put("params", Redaction.params(validated.params()));
        details.put("params_hash", validated.paramsHash());
        if (ticket != null) {
            details.put("approval_id", ticket.id().toString());
        }
        return details;
    }

    /** The calling service, acting for the user named in the request. */
    private static AuditRecord.Actor onBehalfOf(Caller caller, DecisionInput.Actor user) {
        return new AuditRecord.Actor(AuditRecord.Actor.SERVICE, caller.subject(), caller.username(),
                List.copyOf(new TreeSet<>(caller.roles())), user.username() == null ? user.subject() : user.username());
    }

    private static AuditRecord.Outcome outcome(Outcome outcome) {
        return switch (outcome) {
            case ALLOW -> AuditRecord.Outcome.SUCCESS;
            case DENY -> AuditRecord.Outcome.DENIED;
            case ESCALATE -> AuditRecord.Outcome.PENDING;
        };
    }
}
