package io.connectors.policy.policy;

import io.connectors.platform.tenancy.TenantSessions;
import io.connectors.policy.engine.CompiledRule;
import io.connectors.policy.engine.Effect;
import io.connectors.policy.engine.PolicyEngine;
import io.connectors.policy.engine.Rule;
import io.connectors.policy.engine.RuleSet;
import io.connectors.policy.engine.Thresholds;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * Each org's compiled rule set and thresholds, in memory: a decision never reads them from the database. An org is
 * loaded once, on its first decision, in a read transaction of its own; the entry is dropped when a policy or settings
 * change commits, on this replica right after the commit ({@link PolicyService}) and on every replica through
 * {@link PolicySetChanges} (LISTEN/NOTIFY). Loading builds programs from the stored checked ASTs: no CEL compilation
 * ever happens on the decision path. An org without enabled policies gets the built-in default, compiled at start-up
 * (eagerly, so that the first request's event loop does not pay for it).
 */
@Startup
@ApplicationScoped
public class CompiledPolicies {

    private final PolicyEngine engine;
    private final PolicyRepository repository;
    private final List<CompiledRule> defaults;
    /** What most orgs run on (no settings row, no policy): one shared instance, not one per org. */
    private final RuleSet defaultRuleSet;
    private final OrgCache<OrgRules> cache;

    public CompiledPolicies(PolicyEngine engine, PolicyRepository repository, TenantSessions tenantSessions) {
        this.engine = engine;
        this.repository = repository;
        this.defaults = engine.defaultRules();
        this.defaultRuleSet = new RuleSet(defaults, Thresholds.DEFAULT);
        this.cache = new OrgCache<>(orgId -> tenantSessions.inOrg(orgId, session -> load(session, orgId)));
    }

    /** An org's rules as they were when loaded; {@code version} is the org's policy-set version then. */
    public record OrgRules(long version, RuleSet ruleSet, boolean defaultInEffect) {
    }

    /**
     * The org's rules, from memory once loaded (no database access). Never call it inside a transaction: a first load
     * opens its own.
     */
    public Uni<OrgRules> forOrg(String orgId) {
        return cache.get(orgId);
    }

    /** Drops the org's rules (its next decision loads them again): a change to them has committed. */
    public void invalidate(String orgId) {
        cache.invalidate(orgId);
    }

    /** Drops every org's rules: changes may have been missed (the change listener was disconnected). */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** The built-in default rules (shown to admins when they are in effect). */
    public List<Rule> defaults() {
        return defaults.stream().map(CompiledRule::rule).toList();
    }

    /** The compiled rules of the org's enabled policies, for a dry run that adds drafts to them. */
    public Uni<List<CompiledRule>> enabledRules(Mutiny.Session session, String orgId) {
        return repository.enabled(session, orgId)
                .map(policies -> policies.stream().map(policy -> engine.load(rule(policy), policy.checkedExpr)).toList());
    }

    private Uni<OrgRules> load(Mutiny.Session session, String orgId) {
        return repository.settings(session, orgId).chain(settings -> repository.enabled(session, orgId).map(policies -> {
            long version = settings == null ? 0 : settings.policySetVersion;
            Thresholds thresholds = settings == null ? Thresholds.DEFAULT
                    : new Thresholds(settings.escalateThreshold, settings.denyThreshold);
            if (policies.isEmpty()) {
                return new OrgRules(version, thresholds.equals(Thresholds.DEFAULT) ? defaultRuleSet
                        : new RuleSet(defaults, thresholds), true);
            }
            return new OrgRules(version, new RuleSet(policies.stream()
                    .map(policy -> engine.load(rule(policy), policy.checkedExpr)).toList(), thresholds), false);
        }));
    }

    static Rule rule(PolicyEntity policy) {
        return new Rule(policy.id.toString(), policy.name, policy.description, policy.expression,
                Effect.fromWire(policy.effect), policy.riskWeight, policy.priority);
    }
}
