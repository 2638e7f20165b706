package io.connectors.policy.policy;

import io.connectors.policy.decision.DecisionSubject;
import io.connectors.policy.web.JsonFields;

import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/policies/evaluate}: how the org's policies, plus optional unsaved drafts, would decide
 * {@code input}. Nothing is stored, audited or published. {@code policies} has a null entry for a draft that is not
 * an object (already reported).
 */
public record EvaluateRequest(DecisionSubject input, List<PolicyRequest> policies) {

    private static final Set<String> FIELDS = Set.of("input", "policies");

    static EvaluateRequest read(JsonFields fields, int maxDrafts) {
        fields.rejectUnknown(FIELDS);
        JsonFields input = fields.object("input");
        List<JsonFields> drafts = fields.objects("policies", maxDrafts);
        if (input != null) {
            input.rejectUnknown(DecisionSubject.FIELDS);
        }
        return new EvaluateRequest(input == null ? null : DecisionSubject.read(input),
                drafts == null ? List.of() : drafts.stream().map(PolicyRequest::read).toList());
    }
}
