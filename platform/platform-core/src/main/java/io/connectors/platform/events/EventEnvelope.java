package io.connectors.platform.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvents 1.0 structured-mode event (JSON). {@code orgid} is a CloudEvents extension attribute carrying the
 * tenant, so consumers can route and isolate without parsing {@code data}. {@code dataschema} names the published
 * JSON Schema of {@code data} (see {@code platform-core/src/main/resources/schemas}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope<T>(
        @JsonProperty("specversion") String specVersion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        @JsonProperty("datacontenttype") String dataContentType,
        @JsonProperty("dataschema") String dataSchema,
        @JsonProperty("orgid") String orgId,
        T data) {

    public static final String SPEC_VERSION = "1.0";

    public static <T> EventEnvelope<T> of(String source, EventType type, String subject, String orgId, T data) {
        return new EventEnvelope<>(SPEC_VERSION, UUID.randomUUID().toString(), source, type.type(), subject,
                Instant.now(), "application/json", type.schemaUri(), orgId, data);
    }
}
