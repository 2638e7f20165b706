package io.connectors.policy.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.platform.audit.AuditTrail;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.security.Caller;
import io.connectors.platform.tenancy.TenantSessions;
import io.connectors.policy.decision.DecisionInputs;
import io.connectors.policy.engine.CompiledRule;
import io.connectors.policy.engine.DecisionInput;
import io.connectors.policy.engine.RuleSet;
import io.connectors.policy.engine.Thresholds;
import io.connectors.policy.web.JsonFields;
import io.connectors.policy.web.OrgCallers;
import io.connectors.policy.web.Paging;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Org policies: CRUD with a version history, thresholds, and dry runs. Every change is validated and compiled before
 * anything is written, bumps the org's policy-set version, notifies every replica's compiled cache and is audited in
 * the same transaction; once it has committed, this replica's cache drops the org, so the next decision here sees it.
 */
@ApplicationScoped
public class PolicyService {

    static final int MAX_DRAFTS = 100;
    private static final String CREATED = "created";
    private static final String UPDATED = "updated";
    private static final String DELETED = "deleted";

    private final TenantSessions tenantSessions;
    private final PolicyRepository repository;
    private final CompiledPolicies compiledPolicies;
    private final PolicyRequests requests;
    private final AuditTrail auditTrail;

    public PolicyService(TenantSessions tenantSessions, PolicyRepository repository, CompiledPolicies compiledPolicies,
                         PolicyRequests requests, AuditTrail auditTrail) {
        this.tenantSessions = tenantSessions;
        this.repository = repository;
        this.compiledPolicies = compiledPolicies;
        this.requests = requests;
        this.auditTrail = auditTrail;
    }

    public Uni<PolicyList> list(Caller caller, Paging paging) {
        String org = OrgCallers.orgOf(caller);
        return tenantSessions.inOrg(org, session -> repository.page(session, org, paging)
                .chain(policies -> repository.countActive(session, org)
                        .chain(total -> repository.countEnabled(session, org).map(enabled -> {
                            boolean defaultInEffect = enabled == 0;
                            return new PolicyList(policies.stream().map(PolicyDto::of).toList(), total, paging.page(),
                                    paging.pageSize(), paging.totalPages(total), defaultInEffect,
                                    defaultInEffect ? compiledPolicies.defaults().stream().map(PolicyDto::builtIn).toList()
                                            : List.of());
                        }))));
    }

    /** The policy, or null when there is none of that id in the caller's org. */
    public Uni<PolicyDto> get(Caller caller, UUID id) {
        String org = OrgCallers.orgOf(caller);
        return tenantSessions.inOrg(org, session -> repository.find(session, org, id).map(p -> p == null ? null : PolicyDto.of(p)));
    }

    public Uni<PolicyVersionDto.Versions> versions(Caller caller, UUID id) {
        String org = OrgCallers.orgOf(caller);
        return tenantSessions.inOrg(org, session -> repository.find(session, org, id).chain(policy -> policy == null
                ? Uni.createFrom().nullItem()
                : repository.versions(session, org, id).map(versions -> new PolicyVersionDto.Versions(id.toString(),
                versions.stream().map(PolicyVersionDto::of).toList()))));
    }

    public Uni<PolicyDto> create(Caller caller, JsonNode body) {
        String org = OrgCallers.orgOf(caller);
        UUID id = UUID.randomUUID();
        Written written = readAndCompile(body, id);
        PolicyRequest request = written.request();
        CompiledRule compiled = written.compiled();
        return tenantSessions.inOrg(org, session -> requireFreeName(session, org, request.name(), id).chain(() -> {
            PolicyEntity policy = new PolicyEntity();
            policy.id = id;
            policy.orgId = org;
            policy.version = 1;
            policy.createdAt = Instant.now();
            policy.createdBy = caller.displayName();
            apply(policy, request, compiled, caller);
            policy.updatedAt = policy.createdAt;
            return session.persist(policy).chain(() -> recordChange(session, caller, policy, CREATED));
            // after a failure too: a commit whose answer was lost may still have happened
        })).eventually(() -> compiledPolicies.invalidate(org));
    }

    /** The updated policy, or null when there is none of that id in the caller's org. */
    public Uni<PolicyDto> update(Caller caller, UUID id, JsonNode body) {
        String org = OrgCallers.orgOf(caller);
        Written written = readAndCompile(body, id);
        PolicyRequest request = written.request();
        CompiledRule compiled = written.compiled();
        return tenantSessions.inOrg(org, session -> repository.find(session, org, id).chain(policy -> {
            if (policy == null) {
                return Uni.createFrom().nullItem();
            }
            return requireFreeName(session, org, request.name(), id).chain(() -> {
                apply(policy, request, compiled, caller);
                policy.version++;
                return recordChange(session, caller, policy, UPDATED);
            });
        })).eventually(() -> compiledPolicies.invalidate(org));
    }

    /** Whether a policy was deleted (false when there is none of that id in the caller's org). */
    public Uni<Boolean> delete(Caller caller, UUID id) {
        String org = OrgCallers.orgOf(caller);
        return tenantSessions.inOrg(org, session -> repository.find(session, org, id).chain(policy -> {
            if (policy == null) {
                return Uni.createFrom().item(false);
            }
            policy.deleted = true;
            policy.version++;
            policy.updatedAt = Instant.now();
            policy.updatedBy = caller.displayName();
            return recordChange(session, caller, policy, DELETED).replaceWith(true);
        })).eventually(() -> compiledPolicies.invalidate(org));
    }

    public Uni<OrgSettingsDto> settings(Caller caller) {
        String org = OrgCallers.orgOf(caller);
        return tenantSessions.inOrg(org, session -> repository.settings(session, org).map(PolicyService::settingsDto));
    }

    public Uni<OrgSettingsDto> updateSettings(Caller caller, JsonNode body) {
        String org = OrgCallers.orgOf(caller);
        Thresholds thresholds = thresholdsOrFail(body);
        return tenantSessions.inOrg(org, session -> repository.setThresholds(session, org, caller.displayName(), thresholds)
                .chain(() -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("change", "thresholds");
                    details.put("escalate_threshold", thresholds.escalate());
                    details.put("deny_threshold", thresholds.deny());
                    return auditTrail.record(session, org, AuditTrail.actorOf(caller), AuditActions.POLICY_CHANGED,
                            new AuditRecord.Target("policy_settings", org, null), AuditRecord.Outcome.SUCCESS, details, null);
                })
                .chain(() -> repository.settings(session, org))
                .map(PolicyService::settingsDto))
                .eventually(() -> compiledPolicies.invalidate(org));
    }

    /** A dry run: the org's enabled policies plus the drafts (or the default when there are neither), nothing recorded. */
    public Uni<EvaluationDto> evaluate(Caller caller, JsonNode body) {
        String org = OrgCallers.orgOf(caller);
        List<FieldError> errors = new ArrayList<>();
        EvaluateRequest request = EvaluateRequest.read(JsonFields.body(body, errors), MAX_DRAFTS);
        DecisionInputs.Validated validated = null;
        if (request.input() == null) {
            errors.add(new FieldError("input", "is required"));
        } else {
            validated = DecisionInputs.validate(org, request.input(), "input.", errors, Instant.now());
        }
        List<CompiledRule> drafts = new ArrayList<>();
        List<PolicyRequest> draftRequests = request.policies();
        for (int i = 0; i < draftRequests.size(); i++) {
            CompiledRule draft = requests.compile(draftRequests.get(i), null, "policies[" + i + "].", errors);
            if (draft != null && !Boolean.FALSE.equals(draftRequests.get(i).enabled())) {
                drafts.add(draft);
            }
        }
        JsonFields.failOn(errors);
        DecisionInput input = validated.input();
        // the rules decisions use now; drafts are evaluated together with the enabled policies as stored
        return compiledPolicies.forOrg(org).chain(current -> {
            if (drafts.isEmpty()) {
                return Uni.createFrom().item(EvaluationDto.of(current.ruleSet().evaluate(input),
                        current.defaultInEffect()));
            }
            return tenantSessions.inOrg(org, session -> compiledPolicies.enabledRules(session, org)).map(saved -> {
                List<CompiledRule> all = new ArrayList<>(saved);
                all.addAll(drafts);
                return EvaluationDto.of(new RuleSet(all, current.ruleSet().thresholds()).evaluate(input), false);
            });
        });
    }

    /** A policy body read and compiled, or the 400 naming every field at fault (shape and value). */
    private Written readAndCompile(JsonNode body, UUID id) {
        List<FieldError> errors = new ArrayList<>();
        PolicyRequest request = PolicyRequest.read(JsonFields.body(body, errors));
        CompiledRule compiled = requests.compile(request, id.toString(), "", errors);
        JsonFields.failOn(errors);
        return new Written(request, compiled);
    }

    private record Written(PolicyRequest request, CompiledRule compiled) {
    }

    private Uni<Void> requireFreeName(Mutiny.Session session, String org, String name, UUID id) {
        return repository.nameTaken(session, org, name, id).invoke(taken -> {
            if (taken) {
                throw ApiException.conflict("A policy named '" + name + "' already exists in this organization");
            }
        }).replaceWithVoid();
    }

    private static void apply(PolicyEntity policy, PolicyRequest request, CompiledRule compiled, Caller caller) {
        policy.name = request.name();
        policy.description = request.description();
        policy.expression = request.expression();
        policy.checkedExpr = compiled.checkedExpr();
        policy.effect = compiled.rule().effect().wire();
        policy.riskWeight = compiled.rule().riskWeight();
        policy.priority = compiled.rule().priority();
        policy.enabled = request.enabled() == null || request.enabled();
        policy.updatedAt = Instant.now();
        policy.updatedBy = caller.displayName();
    }

    private Uni<PolicyDto> recordChange(Mutiny.Session session, Caller caller, PolicyEntity policy, String change) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("change", change);
        details.put("name", policy.name);
        details.put("version", policy.version);
        details.put("effect", policy.effect);
        details.put("risk_weight", policy.riskWeight);
        details.put("enabled", policy.enabled);
        details.put("priority", policy.priority);
        details.put("expression", policy.expression);
        return session.persist(PolicyVersionEntity.of(policy, change))
                .chain(() -> repository.bumpPolicySetVersion(session, policy.orgId, caller.displayName()))
                .chain(() -> auditTrail.record(session, policy.orgId, AuditTrail.actorOf(caller),
                        AuditActions.POLICY_CHANGED, new AuditRecord.Target("policy", policy.id.toString(), null),
                        AuditRecord.Outcome.SUCCESS, details, null))
                .replaceWith(() -> PolicyDto.of(policy));
    }

    private static Thresholds thresholdsOrFail(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        OrgSettingsDto request = OrgSettingsDto.read(JsonFields.body(body, errors));
        checkThreshold(errors, "escalate_threshold", request.escalateThreshold());
        checkThreshold(errors, "deny_threshold", request.denyThreshold());
        if (errors.isEmpty() && request.escalateThreshold() > request.denyThreshold()) {
            errors.add(new FieldError("escalate_threshold", "must not exceed deny_threshold"));
        }
        JsonFields.failOn(errors);
        return new Thresholds(request.escalateThreshold(), request.denyThreshold());
    }

    private static void checkThreshold(List<FieldError> errors, String field, Integer value) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
        } else if (value < 0 || value > 100) {
            errors.add(new FieldError(field, "must be from 0 to 100"));
        }
    }

    private static OrgSettingsDto settingsDto(OrgSettingsEntity settings) {
        return settings == null
                ? new OrgSettingsDto(Thresholds.DEFAULT_ESCALATE, Thresholds.DEFAULT_DENY, 0L)
                : new OrgSettingsDto(settings.escalateThreshold, settings.denyThreshold, settings.policySetVersion);
    }
}
