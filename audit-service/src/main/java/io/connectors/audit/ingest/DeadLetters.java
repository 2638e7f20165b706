package io.connectors.audit.ingest;

import io.connectors.platform.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Parks records the trail cannot store on {@code connectors.audit.v1.dlq}, unchanged (same key and value), with the
 * reason and origin in headers named as SmallRye's own dead-letter queue names them. The returned Uni completes when
 * the broker has the record, so the source offset is committed only after that.
 */
@ApplicationScoped
public class DeadLetters {

    /** Outgoing channel bound to {@code Topics.deadLetter(Topics.AUDIT)} in application.properties. */
    public static final String CHANNEL = "audit-dead-letters";
    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;

    public DeadLetters(@Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(KafkaRecord<String, String> source, String reason) {
        long offset = source.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset)
                .orElse(-1L);
        LOG.warnf("Audit record %s-%d@%d goes to %s: %s", source.getTopic(), source.getPartition(), offset,
                Topics.deadLetter(Topics.AUDIT), reason);
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(TOPIC, source.getTopic().getBytes(StandardCharsets.UTF_8));
        headers.add(PARTITION, Integer.toString(source.getPartition()).getBytes(StandardCharsets.UTF_8));
        headers.add(OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(source.getKey())
                .withHeaders(headers)
                .build();
        return emitter.sendMessage(Message.of(source.getPayload()).addMetadata(metadata));
    }
}
