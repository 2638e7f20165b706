package io.connectors.execution.connector;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.execution.ExecutionFlow;
import io.connectors.execution.runner.ConnectorGuards;
import io.connectors.execution.support.Events;
import io.connectors.execution.support.PoisonEvent;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ConfigChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the read model from the compacted {@code connectors.config.v1} (key: config id). Upserts keep the newest
 * version (a redelivered or older one changes nothing, so the consumer is idempotent without bookkeeping); a
 * tombstone deletes the configuration and cancels its parked executions. Every replica reads the whole topic (a
 * consumer group of its own), since each serves the read model from memory.
 */
@ApplicationScoped
public class ConfigEventConsumer {

    private static final TypeReference<EventEnvelope<ConfigChanged>> SHAPE = new TypeReference<>() {
    };

    private final ConnectorReadModel connectors;
    private final ExecutionFlow flow;
    private final ConnectorGuards guards;
    private final ObjectMapper mapper;

    public ConfigEventConsumer(ConnectorReadModel connectors, ExecutionFlow flow, ConnectorGuards guards, ObjectMapper mapper) {
        this.connectors = connectors;
        this.flow = flow;
        this.guards = guards;
        this.mapper = mapper;
    }

    @Incoming(Topics.CONFIG)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        String key = record.key();
        if (key == null || key.isBlank() || key.length() > 64) {
            return Uni.createFrom().failure(new PoisonEvent("a config record needs its config id as key"));
        }
        if (record.value() == null) {
            return Events.retryingTransient(Uni.createFrom().deferred(() -> delete(key)));
        }
        ConfigChanged change;
        try {
            change = checked(key, Events.parse(mapper, record.value(), EventTypes.CONFIG_CHANGED, SHAPE));
        } catch (PoisonEvent e) {
            return Uni.createFrom().failure(e);
        }
        return Events.retryingTransient(Uni.createFrom().deferred(() -> connectors.apply(change).replaceWithVoid()));
    }

    private Uni<Void> delete(String configId) {
        return connectors.delete(configId)
                .chain(org -> org == null ? Uni.createFrom().voidItem() : flow.cancelParked(org, configId))
                .invoke(() -> guards.forget(configId));
    }

    private static ConfigChanged checked(String key, EventEnvelope<ConfigChanged> event) {
        ConfigChanged change = event.data();
        if (!key.equals(change.id())) {
            throw new PoisonEvent("the record key is not the config id");
        }
        if (!event.orgId().equals(change.orgId())) {
            throw new PoisonEvent("the envelope's org and the config's org differ");
        }
        if (change.connectorType() == null || change.connectorType().isBlank() || change.version() < 0) {
            throw new PoisonEvent("a config needs its connector_type and a version");
        }
        return change;
    }
}
