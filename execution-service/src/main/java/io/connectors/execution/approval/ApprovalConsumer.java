package io.connectors.execution.approval;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.execution.execution.ExecutionFlow;
import io.connectors.execution.support.Events;
import io.connectors.execution.support.Ids;
import io.connectors.execution.support.PoisonEvent;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.signing.EventSignatures;
import io.connectors.platform.signing.EventVerifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.UUID;

/**
 * Approval decisions from policy-service ({@code connectors.approvals.v1}). Requests (policy-service's own) and
 * approvals not tied to an execution are none of this service's business. Every other event must carry
 * policy-service's signature ({@link ApprovalVerifier}) before it may move an execution: one that does not (unsigned,
 * signed by an untrusted key, altered after signing, e.g. retargeted at another execution or org) is refused, leaves
 * the execution as it is, is audited ({@link ApprovalRefusals}) and goes to the dead-letter topic, never retried.
 * A valid event must still match the parked request ({@link ExecutionFlow#onApproval}).
 */
@ApplicationScoped
public class ApprovalConsumer {

    private static final Logger LOG = Logger.getLogger(ApprovalConsumer.class);
    private static final TypeReference<EventEnvelope<ApprovalEvent>> SHAPE = new TypeReference<>() {
    };

    private final ExecutionFlow flow;
    private final ObjectMapper mapper;
    /** Duplicate members are refused: the verified tree and the typed event must be read from the same members. */
    private final ObjectReader strict;
    private final ApprovalVerifier verifier;
    private final ApprovalRefusals refusals;

    public ApprovalConsumer(ExecutionFlow flow, ObjectMapper mapper, ApprovalVerifier verifier, ApprovalRefusals refusals) {
        this.flow = flow;
        this.mapper = mapper;
        this.strict = mapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        this.verifier = verifier;
        this.refusals = refusals;
    }

    @Incoming(Topics.APPROVALS)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        EventEnvelope<ApprovalEvent> event;
        JsonNode received;
        try {
            received = readStrictly(record.value());
            // The signature is the verifier's to read: a malformed one is a refusal (audited), not a poison record.
            event = Events.parse(mapper, withoutSignature(received), EventTypes.APPROVAL, SHAPE);
            if (!event.orgId().equals(event.data().orgId()) || event.data().status() == null) {
                throw new PoisonEvent("an approval needs a status and the envelope's org");
            }
        } catch (PoisonEvent e) {
            return Uni.createFrom().failure(e);
        }
        ApprovalEvent approval = event.data();
        UUID executionId = Ids.uuidOrNull(approval.executionId());
        if (approval.status() == ApprovalEvent.Status.REQUESTED || executionId == null) {
            return Uni.createFrom().voidItem();
        }
        EventVerifier.Verification verification = verifier.verify(received);
        if (!verification.valid()) {
            LOG.warnf("Approval event %s for execution %s refused: %s", ApprovalRefusals.safeId(event.id()), executionId,
                    verification.refusal());
            return Events.retryingTransient(Uni.createFrom().deferred(
                            () -> refusals.record(event, executionId, verification.refusal(), verification.keyId())))
                    .chain(() -> Uni.createFrom().failure(new PoisonEvent("approval event refused: " + verification.refusal())));
        }
        return Events.retryingTransient(Uni.createFrom().deferred(() -> flow.onApproval(event.id(), approval, executionId)));
    }

    private JsonNode readStrictly(String value) {
        if (value == null) {
            throw new PoisonEvent("no value");
        }
        try {
            return strict.readTree(value);
        } catch (IOException e) {
            // The parser's message may quote the record: say only what kind of problem it is.
            throw new PoisonEvent("not a readable approval event: " + e.getClass().getSimpleName());
        }
    }

    private static String withoutSignature(JsonNode received) {
        if (received.path("data") instanceof ObjectNode data && data.has(EventSignatures.FIELD)) {
            JsonNode copy = received.deepCopy();
            ((ObjectNode) copy.get("data")).remove(EventSignatures.FIELD);
            return copy.toString();
        }
        return received.toString();
    }
}
