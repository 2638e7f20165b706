package io.connectors.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.testing.KafkaServer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Audit records as the other services publish them, and a producer that puts them on the audit topic. */
public final class AuditRecords {

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private AuditRecords() {
    }

    public static AuditRecord.Actor user(String username, String... roles) {
        return new AuditRecord.Actor(AuditRecord.Actor.USER, "sub-" + username, username, List.of(roles), null);
    }

    public static EventEnvelope<AuditRecord> envelope(String orgId, String action, AuditRecord.Actor actor,
                                                      String connectorId, AuditRecord.Outcome outcome, Instant time) {
        AuditRecord record = new AuditRecord(action, actor,
                connectorId == null ? null : new AuditRecord.Target("connector", connectorId, connectorId),
                outcome, Map.of("connector_type", "crowdstrike", "attempt", 1), null, null, "config-service");
        EventEnvelope<AuditRecord> event = EventEnvelope.of("/config-service", EventTypes.AUDIT_RECORD, connectorId, orgId, record);
        return new EventEnvelope<>(event.specVersion(), event.id(), event.source(), event.type(), event.subject(), time,
                event.dataContentType(), event.dataSchema(), event.orgId(), event.data());
    }

    public static EventEnvelope<AuditRecord> envelope(String orgId, String action) {
        return envelope(orgId, action, user("acme-admin", "admin"), UUID.randomUUID().toString(),
                AuditRecord.Outcome.SUCCESS, Instant.now());
    }

    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ProducerRecord<String, String> onTopic(EventEnvelope<AuditRecord> event) {
        return new ProducerRecord<>(Topics.AUDIT, event.orgId(), json(event));
    }

    public static void produce(List<ProducerRecord<String, String>> records) {
        KafkaServer.get().companion().produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(60));
    }
}
