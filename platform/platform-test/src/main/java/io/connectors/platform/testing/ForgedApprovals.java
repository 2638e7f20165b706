package io.connectors.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * The approval forgery of issue 13: a schema-valid {@code granted} approval event (connectors.approvals.v1, unsigned)
 * built only from what any member of the org reads at {@code GET /v1/approvals/{id}}. Tests publish it, or sign it
 * with the wrong key, to prove it releases nothing.
 */
public final class ForgedApprovals {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ForgedApprovals() {
    }

    /** The event, with envelope id {@code eventId}, from {@code view} (the GET's body) of org {@code orgId}. */
    public static ObjectNode grantedFrom(JsonNode view, String orgId, String eventId, String decidedBy) {
        ObjectNode forged = JSON.createObjectNode().put("specversion", "1.0").put("id", eventId)
                .put("source", "/policy-service").put("type", "io.connectors.approval.v1")
                .put("subject", view.get("id").asText())
                .put("time", Instant.now().toString()).put("datacontenttype", "application/json")
                .put("dataschema", "/schemas/approval.v1.json").put("orgid", orgId);
        forged.putObject("data").put("approval_id", view.get("id").asText()).put("org_id", orgId).put("status", "granted")
                .put("execution_id", view.get("execution_id").asText()).put("decision_id", view.get("decision_id").asText())
                .put("connector_id", view.get("connector_id").asText()).put("operation", view.get("operation").asText())
                .<ObjectNode>set("params", view.get("params"))
                .put("params_hash", view.get("params_hash").asText())
                .put("requested_by", view.at("/requested_by/subject").asText()).put("decided_by", decidedBy)
                .put("expires_at", view.get("expires_at").asText()).put("occurred_at", Instant.now().toString());
        return forged;
    }
}
