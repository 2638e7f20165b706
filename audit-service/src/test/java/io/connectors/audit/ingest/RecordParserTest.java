package io.connectors.audit.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.audit.schema.AuditRecordSchema;
import io.connectors.audit.trail.ChainRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordParserTest {

    static final String ORG = "11111111-1111-4111-8111-111111111111";

    private final ObjectMapper mapper = new ObjectMapper();
    private final RecordParser parser = new RecordParser(new AuditRecordSchema(), mapper);

    static String envelope() {
        return """
                {"specversion":"1.0","id":"0b6c9a9e-3f43-4c39-9a52-6a2f0d0b8e11","source":"/config-service",
                 "type":"io.connectors.audit.record.v1","subject":"c1","time":"2026-03-18T13:00:00.123456789+01:00",
                 "datacontenttype":"application/json","dataschema":"/schemas/audit.record.v1.json",
                 "orgid":"%s",
                 "data":{"action":"connector.created",
                         "actor":{"username":"acme-admin","type":"user","subject":"3f0c","roles":["deployer","admin"]},
                         "target":{"type":"connector","id":"c1","connector_id":"c1"},
                         "outcome":"success","details":{"permitted_operations":["hosts:read"],"connector_type":"crowdstrike"},
                         "decision_id":"d-1","source_service":"config-service"}}
                """.formatted(ORG);
    }

    private String edited(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode node = (ObjectNode) mapper.readTree(envelope());
        edit.accept(node);
        return mapper.writeValueAsString(node);
    }

    private String poison(String key, String value) {
        ParsedRecord parsed = parser.parse(key, value);
        return assertInstanceOf(ParsedRecord.Poison.class, parsed, parsed.toString()).reason();
    }

    @Test
    void acceptsAValidRecordInCanonicalForm() {
        ParsedRecord parsed = parser.parse(ORG, envelope());
        ChainRecord record = assertInstanceOf(ParsedRecord.Accepted.class, parsed, parsed.toString()).record();
        assertEquals("0b6c9a9e-3f43-4c39-9a52-6a2f0d0b8e11", record.eventId());
        assertEquals(Instant.parse("2026-03-18T12:00:00.123456Z"), record.time(), "UTC, truncated to microseconds");
        assertEquals("{\"roles\":[\"deployer\",\"admin\"],\"subject\":\"3f0c\",\"type\":\"user\",\"username\":\"acme-admin\"}",
                record.actor());
        assertEquals("{\"connector_type\":\"crowdstrike\",\"permitted_operations\":[\"hosts:read\"]}", record.details());
        assertEquals("{\"connector_id\":\"c1\",\"id\":\"c1\",\"type\":\"connector\"}", record.target());
        assertEquals("d-1", record.decisionId());
        assertNull(record.traceId());
        assertNull(record.hash(), "chained only when appended");
    }

    @Test
    void storesAbsentDetailsAndTargetAsEmptyAndNull() throws Exception {
        String value = edited(node -> {
            ((ObjectNode) node.get("data")).remove("details");
            ((ObjectNode) node.get("data")).remove("target");
        });
        ChainRecord record = assertInstanceOf(ParsedRecord.Accepted.class, parser.parse(ORG, value)).record();
        assertEquals("{}", record.details());
        assertNull(record.target());
    }

    @Test
    void parksATombstone() {
        assertTrue(poison(ORG, null).startsWith("unparseable"));
    }

    @Test
    void parksWhatIsNotJsonWithoutQuotingIt() {
        String reason = poison(ORG, "{\"secret\": hunter2");
        assertTrue(reason.startsWith("unparseable: not JSON"), reason);
        assertTrue(!reason.contains("hunter2"), reason);
        assertTrue(poison(ORG, "[1,2]").startsWith("unparseable"));
    }

    @Test
    void parksARecordWithoutOrg() throws Exception {
        assertTrue(poison(ORG, edited(node -> node.remove("orgid"))).startsWith("missing-org"));
        assertTrue(poison(ORG, edited(node -> node.put("orgid", " "))).startsWith("missing-org"));
    }

    @Test
    void parksASchemaInvalidRecordNamingThePath() throws Exception {
        String reason = poison(ORG, edited(node -> ((ObjectNode) node.get("data")).put("outcome", "maybe")));
        assertTrue(reason.startsWith("schema-invalid") && reason.contains("outcome"), reason);
        assertTrue(poison(ORG, edited(node -> ((ObjectNode) node.get("data")).put("extra", 1))).startsWith("schema-invalid"));
        assertTrue(poison(ORG, edited(node -> node.put("type", "io.connectors.config.changed.v1"))).startsWith("schema-invalid"));
        assertTrue(poison(ORG, edited(node -> node.put("id", "not-a-uuid"))).startsWith("schema-invalid"));
        assertTrue(poison(ORG, edited(node -> node.put("time", "yesterday"))).startsWith("schema-invalid"));
        assertTrue(poison(ORG, edited(node -> ((ObjectNode) node.get("data").get("actor")).put("subject", "a\u0000b")))
                .startsWith("schema-invalid"));
        assertTrue(poison(ORG, edited(node -> ((ObjectNode) node.get("data")).remove("actor"))).startsWith("schema-invalid"));
    }

    @Test
    void parksARecordKeyedByAnotherOrg() {
        assertTrue(poison("22222222-2222-4222-8222-222222222222", envelope()).startsWith("key-mismatch"));
        assertTrue(poison(null, envelope()).startsWith("key-mismatch"));
    }

    @Test
    void acceptsCloudEventsExtensionAttributes() throws Exception {
        String value = edited(node -> node.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        assertInstanceOf(ParsedRecord.Accepted.class, parser.parse(ORG, value));
    }
}
