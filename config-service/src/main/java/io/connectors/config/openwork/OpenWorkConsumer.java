package io.connectors.config.openwork;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.config.web.Ids;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.events.v1.ExecutionResult;
import io.connectors.platform.tenancy.TenantSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import java.io.IOException;
import java.util.UUID;

/**
 * Keeps {@link OpenWork} up to date from the approval and execution-result topics. Idempotent without bookkeeping:
 * opening what is known changes nothing and a closed item stays closed, so a redelivered or late event is a no-op
 * (no processed-event row per event: two result events per execution would make that the heaviest write here). A
 * record that cannot be read, or names no org, connector or work id, fails and goes to the topic's dead-letter topic.
 */
@ApplicationScoped
public class OpenWorkConsumer {

    private static final TypeReference<EventEnvelope<ApprovalEvent>> APPROVAL = new TypeReference<>() {
    };
    private static final TypeReference<EventEnvelope<ExecutionResult>> EXECUTION = new TypeReference<>() {
    };

    private final TenantSessions tenants;
    private final OpenWork openWork;
    private final ObjectMapper json;

    public OpenWorkConsumer(TenantSessions tenants, OpenWork openWork, ObjectMapper json) {
        this.tenants = tenants;
        this.openWork = openWork;
        this.json = json;
    }

    @Incoming(Topics.APPROVALS)
    public Uni<Void> onApproval(ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(() -> read(record, APPROVAL)).chain(event -> {
            ApprovalEvent approval = event.data();
            require(approval.status() != null, "status");
            boolean opens = approval.status() == ApprovalEvent.Status.REQUESTED;
            return apply(event, approval.orgId(), OpenWork.APPROVAL, approval.approvalId(),
                    approval.connectorId(), opens);
        });
    }

    @Incoming(Topics.EXECUTION_RESULTS)
    public Uni<Void> onExecutionResult(ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(() -> read(record, EXECUTION)).chain(event -> {
            ExecutionResult result = event.data();
            require(result.status() != null, "status");
            boolean opens = ExecutionResult.RUNNING.equals(result.status());
            return apply(event, result.orgId(), OpenWork.EXECUTION, result.executionId(),
                    result.connectorId(), opens);
        });
    }

    private Uni<Void> apply(EventEnvelope<?> event, String dataOrg, String kind, String workId,
                            String connector, boolean opens) {
        String orgId = event.orgId() != null ? event.orgId() : dataOrg;
        require(orgId != null && !orgId.isBlank(), "org");
        require(dataOrg == null || dataOrg.equals(orgId), "one org (envelope and data disagree)");
        require(workId != null && !workId.isBlank() && workId.length() <= 128, "work id");
        UUID connectorId = Ids.parse(connector);
        require(connectorId != null, "connector id");
        return tenants.inOrg(orgId, session -> change(session, orgId, kind, workId, connectorId, opens));
    }

    private Uni<Void> change(Mutiny.Session session, String orgId, String kind, String workId, UUID connectorId,
                             boolean opens) {
        return opens ? openWork.open(session, orgId, kind, workId, connectorId)
                : openWork.close(session, orgId, kind, workId, connectorId);
    }

    private <T> EventEnvelope<T> read(ConsumerRecord<String, String> record, TypeReference<EventEnvelope<T>> type) {
        require(record.value() != null, "a value");
        EventEnvelope<T> event;
        try {
            event = json.readValue(record.value(), type);
        } catch (IOException e) {
            throw new IllegalArgumentException("The record on " + record.topic() + " is not a readable event");
        }
        require(event.id() != null && !event.id().isBlank() && event.data() != null, "an id and data");
        return event;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("The event lacks " + what);
        }
    }
}
