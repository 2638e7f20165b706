package io.connectors.audit.ingest;

import io.connectors.audit.trail.ChainRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The trail consumer's Prometheus metrics: {@code audit_ingest_latency_seconds} (histogram), from a record's creation
 * (its event time, set by the producing service) to the commit that chained it, so it includes the producer's outbox,
 * Kafka and this consumer; {@code audit_ingest_records_total} by outcome ({@code chained}, {@code duplicate}: already
 * stored or repeated in the batch, {@code parked}: sent to the dead-letter topic). Consumer lag per topic and partition
 * is the Kafka client's own metric, bound by Quarkus: {@code kafka_consumer_fetch_manager_records_lag}.
 */
@ApplicationScoped
public class IngestMetrics {

    private final Timer latency;
    private final Counter chained;
    private final Counter duplicates;
    private final Counter parked;

    public IngestMetrics(MeterRegistry registry) {
        this.latency = Timer.builder("audit.ingest.latency")
                .description("Time from an audit record's creation to the commit that chained it")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        this.chained = records(registry, "chained");
        this.duplicates = records(registry, "duplicate");
        this.parked = records(registry, "parked");
    }

    private static Counter records(MeterRegistry registry, String outcome) {
        return Counter.builder("audit.ingest.records")
                .description("Audit records consumed, by what became of them")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** After the commit: {@code linked} were chained out of {@code consumed} records. */
    void stored(List<ChainRecord> linked, int consumed) {
        Instant now = Instant.now();
        for (ChainRecord record : linked) {
            // A producer's clock ahead of ours gives a negative duration, which the timer ignores.
            latency.record(Duration.between(record.time(), now));
        }
        chained.increment(linked.size());
        duplicates.increment(consumed - linked.size());
    }

    void parked(int count) {
        parked.increment(count);
    }
}
