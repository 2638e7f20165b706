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
import io.connectors.platform.events.v1.ExecutionRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/**
 * Runs executions released onto {@code connectors.execution-requests.v1}: async requests and approved ones. What runs
 * is decided by the execution's row, not by the event (see {@link ExecutionFlow#onExecutionRequest}).
 */
@ApplicationScoped
public class ExecutionRequestConsumer {

    private static final TypeReference<EventEnvelope<ExecutionRequest>> SHAPE = new TypeReference<>() {
    };

    private final ExecutionFlow flow;
    private final ObjectMapper mapper;

    public ExecutionRequestConsumer(ExecutionFlow flow, ObjectMapper mapper) {
        this.flow = flow;
        this.mapper = mapper;
    }

    @Incoming(Topics.EXECUTION_REQUESTS)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        EventEnvelope<ExecutionRequest> event;
        UUID executionId;
        try {
            event = Events.parse(mapper, record.value(), EventTypes.EXECUTION_REQUEST, SHAPE);
            executionId = Ids.uuidOrNull(event.data().executionId());
            if (!event.orgId().equals(event.data().orgId()) || executionId == null) {
                throw new PoisonEvent("an execution request needs an execution id and the envelope's org");
            }
        } catch (PoisonEvent e) {
            return Uni.createFrom().failure(e);
        }
        ExecutionRequest request = event.data();
        return Events.retryingTransient(Uni.createFrom().deferred(
                () -> flow.onExecutionRequest(event.id(), request, executionId)));
    }
}
