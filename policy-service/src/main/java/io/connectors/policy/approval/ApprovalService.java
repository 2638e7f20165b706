package io.connectors.policy.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.audit.AuditTrail;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.security.Caller;
import io.connectors.platform.tenancy.TenantSessions;
import io.connectors.policy.PolicyConfig;
import io.connectors.policy.engine.Evaluation;
import io.connectors.policy.web.OrgCallers;
import io.connectors.policy.web.Paging;
import io.connectors.platform.text.ControlCharacters;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The lifecycle of approval requests: pending until an approver or admin (never the requester) grants or rejects it,
 * it expires, or its connector goes away. Every transition happens once, under a row lock, and is published and
 * audited in its transaction. A granted approval lets exactly one execution through.
 */
@ApplicationScoped
public class ApprovalService {

    static final int MAX_REASON = 1000;
    static final Set<String> STATUSES = Set.of(ApprovalEntity.PENDING, ApprovalEntity.GRANTED, ApprovalEntity.REJECTED,
            ApprovalEntity.EXPIRED, ApprovalEntity.CANCELLED);

    private final TenantSessions tenantSessions;
    private final ApprovalRepository repository;
    private final ApprovalJournal journal;
    private final PolicyConfig config;
    private final ObjectMapper json;

    public ApprovalService(TenantSessions tenantSessions, ApprovalRepository repository, ApprovalJournal journal,
                           PolicyConfig config, ObjectMapper json) {
        this.tenantSessions = tenantSessions;
        this.repository = repository;
        this.journal = journal;
        this.config = config;
        this.json = json;
    }

    /** What an escalated decision is about: the exact connector, operation and params an approval is bound to. */
    public record Binding(String orgId, UUID executionId, UUID connectorId, String connectorType, String operation,
                          String operationClass, String canonicalParams, String paramsHash, String requestedBy,
                          String requestedByName) {
    }

    /** An approval as the decision path sees it. */
    public record Ticket(UUID id, Instant expiresAt, String decidedBy) {
    }

    /**
     * For an escalated decision: a granted, unused approval with the same binding is used up and returned as
     * {@code granted}; a pending one with the same binding is returned as {@code pending} (a retried decision gets
     * the same approval); otherwise a new pending approval is requested.
     */
    public Uni<Escalation> escalate(Mutiny.Session session, Binding binding, UUID decisionId, Evaluation evaluation,
                                    AuditRecord.Actor actor) {
        Instant now = Instant.now();
        return repository.openForExecution(session, binding.orgId(), binding.executionId()).chain(open -> {
            for (ApprovalEntity approval : open) {
                if (!approval.binds(binding.connectorId(), binding.operation(), binding.paramsHash())) {
                    continue;
                }
                if (ApprovalEntity.GRANTED.equals(approval.status)) {
                    approval.consumedAt = now;
                    return Uni.createFrom().item(new Escalation(true, ticket(approval)));
                }
                if (!approval.overdue(now)) {
                    return Uni.createFrom().item(new Escalation(false, ticket(approval)));
                }
            }
            ApprovalEntity approval = pending(binding, decisionId, evaluation, now);
            return repository.registerOrg(session, binding.orgId())
                    .chain(() -> session.persist(approval))
                    .chain(() -> journal.record(session, approval, ApprovalEvent.Status.REQUESTED, actor, null))
                    .replaceWith(new Escalation(false, ticket(approval)));
        });
    }

    /** The result of {@link #escalate}: {@code granted} when a granted approval was used for this decision. */
    public record Escalation(boolean granted, Ticket ticket) {
    }

    public Uni<ApprovalDto.Page> list(Caller caller, String status, Paging paging) {
        String org = OrgCallers.orgOf(caller);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badRequest("status", "must be pending, granted, rejected, expired or cancelled");
        }
        Instant now = Instant.now();
        return tenantSessions.inOrg(org, session -> repository.page(session, org, status, now, paging)
                .chain(approvals -> repository.count(session, org, status, now).map(total -> new ApprovalDto.Page(
                        approvals.stream().map(approval -> ApprovalDto.of(approval, now)).toList(), total,
                        paging.page(), paging.pageSize(), paging.totalPages(total)))));
    }

    /** The approval, or null when there is none of that id in the caller's org. */
    public Uni<ApprovalDto> get(Caller caller, UUID id) {
        String org = OrgCallers.orgOf(caller);
        return tenantSessions.inOrg(org, session -> repository.find(session, org, id)
                .map(approval -> approval == null ? null : ApprovalDto.of(approval, Instant.now())));
    }

    /** Grants or rejects; null when there is no approval of that id in the caller's org. */
    public Uni<ApprovalDto> decide(Caller caller, UUID id, boolean grant, ApprovalDto.DecisionBody body) {
        String org = OrgCallers.orgOf(caller);
        String reason = body == null || body.reason() == null || body.reason().isBlank() ? null : body.reason().strip();
        if (reason != null && (reason.length() > MAX_REASON || !ControlCharacters.isStorable(reason, false))) {
            throw ApiException.badRequest("The request has invalid fields",
                    List.of(new FieldError("reason", "must be at most " + MAX_REASON + " printable characters")));
        }
        return tenantSessions.inOrg(org, session -> repository.lock(session, org, id).chain(approval -> {
            if (approval == null) {
                return Uni.createFrom().nullItem();
            }
            Instant now = Instant.now();
            refuseUnlessDecidable(caller, approval, grant, now);
            approval.status = grant ? ApprovalEntity.GRANTED : ApprovalEntity.REJECTED;
            approval.decidedBy = caller.subject();
            approval.decidedByName = caller.username();
            approval.decidedAt = now;
            approval.decisionReason = reason;
            return journal.record(session, approval, grant ? ApprovalEvent.Status.GRANTED : ApprovalEvent.Status.REJECTED,
                    AuditTrail.actorOf(caller), reason).replaceWith(() -> ApprovalDto.of(approval, now));
        }));
    }

    private static void refuseUnlessDecidable(Caller caller, ApprovalEntity approval, boolean grant, Instant now) {
        if (grant && approval.requestedBy.equals(caller.subject())) {
            throw ApiException.forbidden("You requested this operation, so you cannot approve it yourself");
        }
        if (approval.overdue(now) || ApprovalEntity.EXPIRED.equals(approval.status)) {
            throw ApiException.conflict("The approval expired at " + approval.expiresAt + " and can no longer be "
                    + (grant ? "granted" : "rejected") + "; the operation must be requested again");
        }
        if (!ApprovalEntity.PENDING.equals(approval.status)) {
            throw ApiException.conflict("The approval was already " + approval.status + "; it can be decided only once");
        }
    }

    /** Marks every overdue pending approval expired, org by org; returns how many. */
    public Uni<Integer> expireOverdue() {
        return forEachOrg(org -> tenantSessions.inOrg(org, session ->
                repository.lockOverdue(session, org, config.approvals().expiryBatchSize())
                        .chain(approvals -> close(session, approvals, ApprovalEntity.EXPIRED, ApprovalEvent.Status.EXPIRED,
                                "expired unanswered"))));
    }

    /**
     * Cancels the connector's pending approvals whose operation {@code cancelled} selects, in the org's own
     * transaction; {@code firstDelivery} (run in that transaction) makes it happen once per event.
     */
    public Uni<Integer> cancelForConnector(String orgId, UUID connectorId, String reason, Predicate<String> cancelled,
                                           Function<Mutiny.Session, Uni<Boolean>> firstDelivery) {
        return tenantSessions.inOrg(orgId, session -> firstDelivery.apply(session).chain(first -> !first
                ? Uni.createFrom().item(0)
                : repository.lockPendingForConnector(session, orgId, connectorId)
                .map(approvals -> approvals.stream().filter(approval -> cancelled.test(approval.operation)).toList())
                .chain(approvals -> close(session, approvals, ApprovalEntity.CANCELLED, ApprovalEvent.Status.CANCELLED,
                        reason))));
    }

    /** Every org that has approvals, for a tombstone that names no org. */
    public Uni<List<String>> orgsWithApprovals() {
        return tenantSessions.unscoped(repository::orgs);
    }

    private Uni<Integer> forEachOrg(Function<String, Uni<Integer>> work) {
        return orgsWithApprovals().onItem().transformToMulti(orgs -> Multi.createFrom().iterable(orgs))
                .onItem().transformToUniAndConcatenate(work::apply)
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> close(Mutiny.Session session, List<ApprovalEntity> approvals, String status,
                               ApprovalEvent.Status event, String reason) {
        Instant now = Instant.now();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ApprovalEntity approval : approvals) {
            chain = chain.chain(() -> {
                approval.status = status;
                approval.decidedAt = now;
                approval.decisionReason = reason;
                return journal.record(session, approval, event, ApprovalJournal.SYSTEM, reason);
            });
        }
        return chain.replaceWith(approvals.size());
    }

    private static Ticket ticket(ApprovalEntity approval) {
        return new Ticket(approval.id, approval.expiresAt, approval.decidedByName == null ? approval.decidedBy
                : approval.decidedByName);
    }

    private ApprovalEntity pending(Binding binding, UUID decisionId, Evaluation evaluation, Instant now) {
        ApprovalEntity approval = new ApprovalEntity();
        approval.id = UUID.randomUUID();
        approval.orgId = binding.orgId();
        approval.status = ApprovalEntity.PENDING;
        approval.executionId = binding.executionId();
        approval.decisionId = decisionId;
        approval.connectorId = binding.connectorId();
        approval.connectorType = binding.connectorType();
        approval.operation = binding.operation();
        approval.operationClass = binding.operationClass();
        approval.params = binding.canonicalParams();
        approval.paramsHash = binding.paramsHash();
        approval.riskScore = evaluation.riskScore();
        try {
            approval.reasons = json.writeValueAsString(evaluation.reasons());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Reasons are always serializable", e);
        }
        approval.requestedBy = binding.requestedBy();
        approval.requestedByName = binding.requestedByName();
        approval.createdAt = now;
        approval.expiresAt = now.plus(config.approvals().ttl());
        return approval;
    }
}
