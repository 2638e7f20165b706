package io.connectors.policy.policy;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each org's compiled rule set, cached by the org's policy-set version. A decision reads the version (one indexed
 * row, in its own transaction) and reuses the cached set while it matches; a change on any replica bumps the version,
 * so the next decision anywhere reloads. Reloading builds programs from the stored checked ASTs: no CEL compilation
 * ever happens on the decision path. An org without enabled policies gets the built-in default, compiled at start-up
 * (eagerly, so that the first request's event loop does not pay for it).
 */
@Startup
@ApplicationScoped
public class CompiledPolicies {

    private final PolicyEngine engine;
    private final PolicyRepository repository;
    private final List<CompiledRule> defaults;
    private final Map<String, OrgRules> byOrg = new ConcurrentHashMap<>();

    public CompiledPolicies(PolicyEngine engine, PolicyRepository repository) {
        this.engine = engine;
        this.repository = repository;
        this.defaults = engine.defaultRules();
    }

    /** An org's rules as they are in this transaction. */
    public record OrgRules(long version, RuleSet ruleSet, boolean defaultInEffect) {
    }

    public Uni<OrgRules> forOrg(Mutiny.Session session, String orgId) {
        return repository.settings(session, orgId).chain(settings -> {
            long version = settings == null ? 0 : settings.policySetVersion;
            OrgRules cached = byOrg.get(orgId);
            if (cached != null && cached.version() == version) {
                return Uni.createFrom().item(cached);
            }
            Thresholds thresholds = settings == null ? Thresholds.DEFAULT
                    : new Thresholds(settings.escalateThreshold, settings.denyThreshold);
            return repository.enabled(session, orgId).map(policies -> {
                OrgRules loaded = policies.isEmpty()
                        ? new OrgRules(version, new RuleSet(defaults, thresholds), true)
                        : new OrgRules(version, new RuleSet(policies.stream()
                        .map(policy -> engine.load(rule(policy), policy.checkedExpr)).toList(), thresholds), false);
                byOrg.merge(orgId, loaded, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
                return loaded;
            });
        });
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

    static Rule rule(PolicyEntity policy) {
        return new Rule(policy.id.toString(), policy.name, policy.description, policy.expression,
                Effect.fromWire(policy.effect), policy.riskWeight, policy.priority);
    }
}
