package io.connectors.policy.decision;

import com.fasterxml.jackson.databind.JsonNode;

/** The part of a decision request the rules see (shared by decisions and dry runs). */
public record DecisionSubject(DecisionRequest.ActorDto actor, DecisionRequest.ConnectorDto connector,
                              DecisionRequest.OperationDto operation, JsonNode params) {
}
