package io.connectors.policy.policy;

import io.connectors.platform.error.FieldError;
import io.connectors.policy.engine.CompiledRule;
import io.connectors.policy.engine.Effect;
import io.connectors.policy.engine.PolicyCompileException;
import io.connectors.policy.engine.PolicyEngine;
import io.connectors.policy.engine.Rule;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates a policy as written (its JSON types already checked by {@link PolicyRequest#read}) and compiles its
 * expression: a CEL error is a field error naming the position.
 */
@ApplicationScoped
public class PolicyRequests {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1000;
    static final int MIN_PRIORITY = -1000;
    static final int MAX_PRIORITY = 1000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.:-]*");

    private final PolicyEngine engine;

    public PolicyRequests(PolicyEngine engine) {
        this.engine = engine;
    }

    /** The compiled rule; or null, with every field at fault (named under {@code prefix}) added to {@code errors}. */
    CompiledRule compile(PolicyRequest request, String policyId, String prefix, List<FieldError> errors) {
        if (request == null) {
            errors.add(new FieldError(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "is required"));
            return null;
        }
        int before = errors.size();
        if (request.name() == null || request.name().isBlank()) {
            errors.add(new FieldError(prefix + "name", "is required"));
        } else if (request.name().length() > MAX_NAME || !NAME.matcher(request.name()).matches()) {
            errors.add(new FieldError(prefix + "name", "must be 1 to " + MAX_NAME
                    + " letters, digits, spaces or _.:- and start with a letter or digit"));
        }
        // control characters were refused as the body was read (JsonFields)
        if (request.description() != null && request.description().length() > MAX_DESCRIPTION) {
            errors.add(new FieldError(prefix + "description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        Effect effect = Effect.fromWire(request.effect());
        if (effect == null) {
            errors.add(new FieldError(prefix + "effect", request.effect() == null ? "is required"
                    : "must be deny, escalate or allow"));
        }
        int riskWeight = request.riskWeight() == null ? 0 : request.riskWeight();
        if (riskWeight < 0 || riskWeight > 100) {
            errors.add(new FieldError(prefix + "risk_weight", "must be from 0 to 100"));
        }
        int priority = request.priority() == null ? 0 : request.priority();
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            errors.add(new FieldError(prefix + "priority", "must be from " + MIN_PRIORITY + " to " + MAX_PRIORITY));
        }
        CompiledRule compiled = null;
        if (request.expression() == null || request.expression().isBlank()) {
            errors.add(new FieldError(prefix + "expression", "is required"));
        } else if (request.expression().length() > PolicyEngine.MAX_EXPRESSION_LENGTH) {
            errors.add(new FieldError(prefix + "expression", "must be at most " + PolicyEngine.MAX_EXPRESSION_LENGTH
                    + " characters"));
        } else {
            try {
                compiled = engine.compile(new Rule(policyId, request.name(), request.description(), request.expression(),
                        effect == null ? Effect.DENY : effect, riskWeight, priority));
            } catch (PolicyCompileException e) {
                errors.add(new FieldError(prefix + "expression", e.describe()));
            }
        }
        return errors.size() == before ? compiled : null;
    }
}
