package io.connectors.config.openwork;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.connectors.config.web.Ids;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.ApprovalEvent;
import io.connectors.platform.events.v1.ExecutionResult;
import io.connectors.platform.signing.EventVerifier;
import io.connectors.platform.tenancy.TenantSql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keeps {@link OpenWork} up to date from the approval and execution-result topics, one consumed batch at a time: the
 * batch's changes are folded per work item and written in one statement per org, then the batch is acknowledged (two
 * result events per execution made this the heaviest writer in config-service when it was one transaction per event).
 * Idempotent without bookkeeping: opening what is known changes nothing and a closed item stays closed, so a
 * redelivered or late event is a no-op. A record that cannot be read, or names no org, connector or work id, is
 * nacked alone and goes to the topic's dead-letter topic; a database outage is retried, nothing is skipped. An approval
 * event must carry policy-service's signature ({@link ApprovalVerifier}): one that does not (unsigned, untrusted key,
 * altered) changes nothing, is logged with the reason and parked on the dead-letter topic like an unreadable one.
 */
@ApplicationScoped
public class OpenWorkConsumer {

    private static final Logger LOG = Logger.getLogger(OpenWorkConsumer.class);
    private static final TypeReference<EventEnvelope<ApprovalEvent>> APPROVAL = new TypeReference<>() {
    };
    private static final TypeReference<EventEnvelope<ExecutionResult>> EXECUTION = new TypeReference<>() {
    };
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(10);

    private final TenantSql tenants;
    private final OpenWork openWork;
    private final ObjectMapper json;
    /** Duplicate members are refused: the verified tree and the typed event must be read from the same members. */
    private final ObjectReader strict;
    private final ApprovalVerifier verifier;

    public OpenWorkConsumer(TenantSql tenants, OpenWork openWork, ObjectMapper json, ApprovalVerifier verifier) {
        this.tenants = tenants;
        this.openWork = openWork;
        this.json = json;
        this.strict = json.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        this.verifier = verifier;
    }

    @Incoming(Topics.APPROVALS)
    public Uni<Void> onApprovals(KafkaRecordBatch<String, String> batch) {
        return apply(batch, this::approvalChange);
    }

    @Incoming(Topics.EXECUTION_RESULTS)
    public Uni<Void> onExecutionResults(KafkaRecordBatch<String, String> batch) {
        return apply(batch, this::executionChange);
    }

    private OpenWork.Change approvalChange(KafkaRecord<String, String> record) {
        JsonNode received = readTree(record);
        EventEnvelope<ApprovalEvent> event = read(record, received, APPROVAL);
        EventVerifier.Verification verification = verifier.verify(received);
        if (!verification.valid()) {
            LOG.warnf("Approval event %s refused, open work unchanged: %s", Ids.parse(event.id()) == null ? "(not a UUID)"
                    : event.id(), verification.refusal());
            throw new IllegalArgumentException("Approval event refused: " + verification.refusal());
        }
        ApprovalEvent approval = event.data();
        require(approval.status() != null, "status");
        return change(event, approval.orgId(), OpenWork.APPROVAL, approval.approvalId(), approval.connectorId(),
                approval.status() == ApprovalEvent.Status.REQUESTED);
    }

    private OpenWork.Change executionChange(KafkaRecord<String, String> record) {
        EventEnvelope<ExecutionResult> event = read(record, EXECUTION);
        ExecutionResult result = event.data();
        require(result.status() != null, "status");
        return change(event, result.orgId(), OpenWork.EXECUTION, result.executionId(), result.connectorId(),
                ExecutionResult.RUNNING.equals(result.status()));
    }

    private Uni<Void> apply(KafkaRecordBatch<String, String> batch,
                            Function<KafkaRecord<String, String>, OpenWork.Change> readChange) {
        Map<String, Map<String, OpenWork.Change>> byOrg = new LinkedHashMap<>();
        List<Uni<Void>> parked = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            OpenWork.Change change;
            try {
                change = readChange.apply(record);
            } catch (IllegalArgumentException unreadable) {
                // The record's own nack hands it to the dead-letter topic; its offset counts as handled after that.
                parked.add(Uni.createFrom().completionStage(() -> record.nack(unreadable)));
                continue;
            }
            byOrg.computeIfAbsent(change.orgId(), org -> new LinkedHashMap<>())
                    .merge(change.kind() + '/' + change.workId(), change, OpenWork.Change::then);
        }
        Uni<Void> deadLetters = parked.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(parked).andFailFast().replaceWithVoid();
        return deadLetters
                .chain(() -> Multi.createFrom().iterable(byOrg.entrySet())
                        .onItem().transformToUniAndConcatenate(org -> store(org.getKey(), List.copyOf(org.getValue().values())))
                        .collect().last())
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    private Uni<Void> store(String orgId, List<OpenWork.Change> changes) {
        return Uni.createFrom().deferred(() -> tenants.inOrg(orgId, connection -> openWork.apply(connection, orgId, changes)))
                .onFailure().invoke(failure -> LOG.warnf("Cannot store open work yet, retrying: %s", failure.toString()))
                .onFailure().retry().withBackOff(FIRST_RETRY, MAX_RETRY).indefinitely();
    }

    private static OpenWork.Change change(EventEnvelope<?> event, String dataOrg, String kind, String workId,
                                          String connector, boolean opens) {
        String orgId = event.orgId() != null ? event.orgId() : dataOrg;
        require(orgId != null && !orgId.isBlank(), "org");
        require(dataOrg == null || dataOrg.equals(orgId), "one org (envelope and data disagree)");
        require(workId != null && !workId.isBlank() && workId.length() <= 128, "work id");
        UUID connectorId = Ids.parse(connector);
        require(connectorId != null, "connector id");
        return new OpenWork.Change(orgId, kind, workId, connectorId, opens);
    }

    private <T> EventEnvelope<T> read(KafkaRecord<String, String> record, TypeReference<EventEnvelope<T>> type) {
        return read(record, readTree(record), type);
    }

    private JsonNode readTree(KafkaRecord<String, String> record) {
        require(record.getPayload() != null, "a value");
        try {
            return strict.readTree(record.getPayload());
        } catch (IOException e) {
            throw new IllegalArgumentException("The record on " + record.getTopic() + " is not a readable event");
        }
    }

    private <T> EventEnvelope<T> read(KafkaRecord<String, String> record, JsonNode tree, TypeReference<EventEnvelope<T>> type) {
        EventEnvelope<T> event;
        try {
            event = json.readValue(json.treeAsTokens(tree), json.getTypeFactory().constructType(type));
        } catch (IOException e) {
            throw new IllegalArgumentException("The record on " + record.getTopic() + " is not a readable event");
        }
        require(event != null && event.id() != null && !event.id().isBlank() && event.data() != null, "an id and data");
        return event;
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("The event lacks " + what);
        }
    }
}
