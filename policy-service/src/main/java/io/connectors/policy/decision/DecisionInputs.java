package io.connectors.policy.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.connectors.platform.error.FieldError;
import io.connectors.policy.engine.DecisionInput;
import io.connectors.platform.json.CanonicalJson;
import io.connectors.platform.json.ParamsLimits;
import io.connectors.policy.support.CelValues;
import io.connectors.platform.text.ControlCharacters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a {@link DecisionSubject} and turns it into the engine's input. Every field at fault is reported at once
 * (400); limits keep a hostile caller from making a decision expensive.
 */
public final class DecisionInputs {

    static final int MAX_TEXT = 255;
    static final int MAX_LIST = 200;
    private static final Pattern OPERATION = Pattern.compile("[a-z][a-z0-9_.-]{0,63}:[a-z][a-z0-9_.-]{0,63}");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Set<String> CLASSES = Set.of("read", "write", "destructive");

    private DecisionInputs() {
    }

    /** The validated input; or null, with every field at fault (named under {@code prefix}) added to {@code errors}. */
    public static Validated validate(String orgId, DecisionSubject subject, String prefix, List<FieldError> errors,
                                     Instant now) {
        DecisionRequest.ActorDto actor = subject.actor();
        if (actor == null) {
            errors.add(new FieldError(prefix + "actor", "is required"));
        } else {
            requireText(errors, prefix + "actor.subject", actor.subject(), true);
            requireText(errors, prefix + "actor.username", actor.username(), false);
            checkList(errors, prefix + "actor.roles", actor.roles(), ROLE, "a role name", false);
        }
        DecisionRequest.ConnectorDto connector = subject.connector();
        if (connector == null) {
            errors.add(new FieldError(prefix + "connector", "is required"));
        } else {
            if (connector.id() == null) {
                errors.add(new FieldError(prefix + "connector.id", "is required"));
            }
            checkPattern(errors, prefix + "connector.type", connector.type(), TYPE, "a connector type such as crowdstrike");
            checkList(errors, prefix + "connector.permitted_operations", connector.permittedOperations(), OPERATION,
                    "an operation such as detections:read", true);
        }
        DecisionRequest.OperationDto operation = subject.operation();
        if (operation == null) {
            errors.add(new FieldError(prefix + "operation", "is required"));
        } else {
            checkPattern(errors, prefix + "operation.name", operation.name(), OPERATION, "an operation such as detections:read");
            if (operation.operationClass() == null) {
                errors.add(new FieldError(prefix + "operation.class", "is required"));
            } else if (!CLASSES.contains(operation.operationClass())) {
                errors.add(new FieldError(prefix + "operation.class", "must be read, write or destructive"));
            }
            if (operation.baseRisk() == null) {
                errors.add(new FieldError(prefix + "operation.base_risk", "is required"));
            } else if (operation.baseRisk() < 0 || operation.baseRisk() > 100) {
                errors.add(new FieldError(prefix + "operation.base_risk", "must be from 0 to 100"));
            }
        }
        JsonNode params = subject.params() == null || subject.params().isNull()
                ? JsonNodeFactory.instance.objectNode() : subject.params();
        String canonicalParams = null;
        if (!params.isObject()) {
            errors.add(new FieldError(prefix + "params", "must be an object"));
        } else {
            // the limits execution-service admits params with; before hashing (canonical JSON has no text for 1e400)
            canonicalParams = ParamsLimits.check(params, prefix + "params", errors);
        }
        if (!errors.isEmpty()) {
            return null;
        }
        DecisionInput input = new DecisionInput(orgId,
                new DecisionInput.Actor(actor.subject(), actor.username(), actor.roles() == null ? List.of() : List.copyOf(actor.roles())),
                new DecisionInput.Connector(connector.id().toString(), connector.type(),
                        connector.agentId() == null ? null : connector.agentId().toString(),
                        List.copyOf(connector.permittedOperations())),
                new DecisionInput.Operation(operation.name(), operation.operationClass(), operation.baseRisk()),
                CelValues.map(params), now);
        return new Validated(input, params, canonicalParams);
    }

    /** An input with its params as received and their canonical JSON (what an approval is bound to). */
    public record Validated(DecisionInput input, JsonNode params, String canonicalParams) {

        public String paramsHash() {
            return CanonicalJson.sha256Hex(canonicalParams);
        }
    }

    private static void requireText(List<FieldError> errors, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
        } else if (value.length() > MAX_TEXT || !ControlCharacters.isStorable(value, false)) {
            errors.add(new FieldError(field, "must be at most " + MAX_TEXT + " printable characters"));
        }
    }

    private static void checkPattern(List<FieldError> errors, String field, String value, Pattern pattern, String what) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
        } else if (!pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be " + what));
        }
    }

    private static void checkList(List<FieldError> errors, String field, List<String> values, Pattern pattern,
                                  String what, boolean required) {
        if (values == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return;
        }
        if (values.size() > MAX_LIST) {
            errors.add(new FieldError(field, "must have at most " + MAX_LIST + " entries"));
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !pattern.matcher(value).matches()) {
                errors.add(new FieldError(field + "[" + i + "]", "must be " + what));
            }
        }
    }
}
