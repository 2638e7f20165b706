package io.connectors.policy.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.connectors.policy.engine.Evaluation;
import io.connectors.policy.engine.Reason;

import java.util.List;

/** The dry-run answer: what a decision would be, without a decision id or an approval. */
public record EvaluationDto(
        String outcome,
        @JsonProperty("risk_score") int riskScore,
        List<Reason> reasons,
        @JsonProperty("default_in_effect") boolean defaultInEffect) {

    static EvaluationDto of(Evaluation evaluation, boolean defaultInEffect) {
        return new EvaluationDto(evaluation.outcome().wire(), evaluation.riskScore(), evaluation.reasons(), defaultInEffect);
    }
}
