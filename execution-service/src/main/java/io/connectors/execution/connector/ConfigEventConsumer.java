package io.connectors.execution.connector;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.execution.execution.ExecutionLifecycle;
import io.connectors.execution.runner.ConnectorGuards;
import io.connectors.execution.support.Events;
import io.connectors.execution.support.PoisonEvent;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ConfigChanged;
import io.connectors.platform.tenancy.TenantSessions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Builds the read model from the compacted {@code connectors.config.v1} (key: config id). Upserts keep the newest
 * version (a redelivered or older one changes nothing, so the consumer is idempotent without bookkeeping); a
 * tombstone deletes the configuration and cancels its parked executions.
 */
@ApplicationScoped
public class ConfigEventConsumer {

    private static final TypeReference<EventEnvelope<ConfigChanged>> SHAPE = new TypeReference<>() {
    };

    private final TenantSessions tenants;
    private final ConnectorRepository connectors;
    private final ConnectorDirectory directory;
    private final ExecutionLifecycle lifecycle;
    private final ConnectorGuards guards;
    private final ObjectMapper mapper;

    public ConfigEventConsumer(TenantSessions tenants, ConnectorRepository connectors, ConnectorDirectory directory,
                               ExecutionLifecycle lifecycle, ConnectorGuards guards, ObjectMapper mapper) {
        this.tenants = tenants;
        this.connectors = connectors;
        this.directory = directory;
        this.lifecycle = lifecycle;
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
        return Events.retryingTransient(Uni.createFrom().deferred(
                () -> tenants.inOrg(change.orgId(), session -> connectors.apply(session, change)).replaceWithVoid()));
    }

    private Uni<Void> delete(String configId) {
        return directory.orgOf(configId).chain(org -> org == null ? Uni.createFrom().voidItem()
                : tenants.inOrg(org, session -> connectors.markDeleted(session, configId, Instant.now())
                        .chain(deleted -> deleted ? lifecycle.cancelParked(session, configId) : Uni.createFrom().voidItem())))
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
