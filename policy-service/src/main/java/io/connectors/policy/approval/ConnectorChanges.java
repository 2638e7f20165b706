package io.connectors.policy.approval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.platform.consumer.ProcessedEvents;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ConfigChanged;
import io.connectors.policy.web.Ids;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.io.IOException;
import java.util.UUID;

/**
 * Follows {@code connectors.config.v1}: when a connector is deleted (tombstone) its pending approvals are cancelled;
 * when it is disabled, or an operation leaves its permitted operations, the approvals it no longer allows are.
 * Idempotent: an upsert by its event id, a tombstone (which has none) by topic-partition-offset. A record that
 * cannot be read goes to the dead-letter topic.
 */
@ApplicationScoped
public class ConnectorChanges {

    static final String CONSUMER = "policy-service.connector-changes";
    private static final TypeReference<EventEnvelope<ConfigChanged>> ENVELOPE = new TypeReference<>() {
    };

    private final ApprovalService approvals;
    private final ProcessedEvents processedEvents;
    private final ObjectMapper json;

    public ConnectorChanges(ApprovalService approvals, ProcessedEvents processedEvents, ObjectMapper json) {
        this.approvals = approvals;
        this.processedEvents = processedEvents;
        this.json = json;
    }

    @Incoming(Topics.CONFIG)
    public Uni<Void> onConfigRecord(ConsumerRecord<String, String> record) {
        UUID connectorId = Ids.parse(record.key());
        if (connectorId == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("The record key is not a connector id"));
        }
        if (record.value() == null) {
            String eventId = record.topic() + "-" + record.partition() + "-" + record.offset();
            // A tombstone names no org: visit every org that has approvals (the connector's is among them, if any).
            return approvals.orgsWithApprovals()
                    .onItem().transformToMulti(orgs -> Multi.createFrom().iterable(orgs))
                    .onItem().transformToUniAndConcatenate(org -> approvals.cancelForConnector(org, connectorId,
                            "connector deleted", operation -> true,
                            session -> processedEvents.firstDelivery(session, CONSUMER, eventId + "/" + org)))
                    .collect().last()
                    .replaceWithVoid();
        }
        EventEnvelope<ConfigChanged> event;
        try {
            event = json.readValue(record.value(), ENVELOPE);
        } catch (IOException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("The record is not a config event", e));
        }
        ConfigChanged config = event.data();
        if (event.id() == null || config == null || config.orgId() == null || config.permittedOperations() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("The config event lacks id, org or operations"));
        }
        String reason = config.enabled() ? "operation no longer permitted" : "connector disabled";
        return approvals.cancelForConnector(config.orgId(), connectorId, reason,
                        operation -> !config.enabled() || !config.permittedOperations().contains(operation),
                        session -> processedEvents.firstDelivery(session, CONSUMER, event.id()))
                .replaceWithVoid();
    }
}
