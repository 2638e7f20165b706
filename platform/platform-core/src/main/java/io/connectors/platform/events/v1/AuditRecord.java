package io.connectors.platform.events.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The {@code data} of an audit event on {@code connectors.audit.v1} (schema {@code /schemas/audit.record.v1.json}).
 * {@code details} are already redacted by the producer: never a credential, token or raw secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        String action,
        Actor actor,
        Target target,
        Outcome outcome,
        Map<String, Object> details,
        @JsonProperty("decision_id") String decisionId,
        @JsonProperty("trace_id") String traceId,
        @JsonProperty("source_service") String sourceService) {

    public enum Outcome {
        @JsonProperty("success") SUCCESS,
        @JsonProperty("failure") FAILURE,
        @JsonProperty("denied") DENIED,
        @JsonProperty("pending") PENDING
    }

    /** Who acted: a user of the org or a control-plane service (then {@code on_behalf_of} names the user, if any). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Actor(
            String type,
            String subject,
            String username,
            List<String> roles,
            @JsonProperty("on_behalf_of") String onBehalfOf) {

        public static final String USER = "user";
        public static final String SERVICE = "service";
    }

    /** What was acted on: {@code type} is connector, execution, approval, policy, ...; {@code connector_id} when one is involved. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(String type, String id, @JsonProperty("connector_id") String connectorId) {
    }
}
