package io.connectors.execution.approval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.execution.ExecutionFlow;
import io.connectors.execution.support.Events;
import io.connectors.execution.support.Ids;
import io.connectors.execution.support.PoisonEvent;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * Approval decisions from policy-service ({@code connectors.approvals.v1}). Requests (policy-service's own) and
 * approvals not tied to an execution are none of this service's business.
 */
@ApplicationScoped
public class ApprovalConsumer {

    private static final TypeReference<EventEnvelope<ApprovalEvent>> SHAPE = new TypeReference<>() {
    };

    private final ExecutionFlow flow;
    private final ObjectMapper mapper;

    public ApprovalConsumer(ExecutionFlow flow, ObjectMapper mapper) {
        this.flow = flow;
        this.mapper = mapper;
    }

    @Incoming(Topics.APPROVALS)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        EventEnvelope<ApprovalEvent> event;
        try {
            event = Events.parse(mapper, record.value(), EventTypes.APPROVAL, SHAPE);
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
        return Events.retryingTransient(Uni.createFrom().deferred(() -> flow.onApproval(event.id(), approval, executionId)));
    }
}
