package io.connectors.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.audit.AuditRecords;
import io.connectors.audit.AuditServiceProfile;
import io.connectors.audit.Eventually;
import io.connectors.audit.TrailTables;
import io.connectors.audit.checkpoint.CheckpointJob;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.json.CanonicalJson;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.RepoFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analysts' API over the acme and globex trails (this class is the only writer of those two orgs). */
@QuarkusTest
@TestProfile(AuditServiceProfile.class)
class AuditEventsApiIT {

    private static final String ACME = KeycloakServer.ACME_ORG;
    private static final String GLOBEX = KeycloakServer.GLOBEX_ORG;
    private static final String CONNECTOR_1 = "c1b2c3d4-e5f6-4890-abcd-ef1234567890";
    private static final String CONNECTOR_2 = "d2b2c3d4-e5f6-4890-abcd-ef1234567890";
    private static final Instant T0 = Instant.parse("2026-03-18T12:00:00Z");
    private static final List<String> EVENT_FIELDS = List.of("id", "seq", "time", "org_id", "action", "actor", "target",
            "outcome", "details", "decision_id", "trace_id", "source_service", "prev_hash", "hash");
    private static final List<String> PROTECTED = List.of("/v1/audit/events", "/v1/audit/events/" + UUID.randomUUID(),
            "/v1/audit/verify", "/v1/audit/export");

    private static List<EventEnvelope<AuditRecord>> acme;
    private static List<EventEnvelope<AuditRecord>> globex;

    @Inject
    CheckpointJob checkpoints;

    @BeforeEach
    void seedOnce() {
        if (acme != null) {
            return;
        }
        AuditRecord.Actor admin = AuditRecords.user("acme-admin", "admin");
        AuditRecord.Actor deployer = AuditRecords.user("acme-deployer", "deployer");
        AuditRecord.Actor service = new AuditRecord.Actor(AuditRecord.Actor.SERVICE, "svc-policy", "service-account-policy-service",
                List.of("service"), "acme-deployer");
        List<EventEnvelope<AuditRecord>> acmeRecords = List.of(
                AuditRecords.envelope(ACME, AuditActions.CONNECTOR_CREATED, admin, CONNECTOR_1, AuditRecord.Outcome.SUCCESS, T0),
                AuditRecords.envelope(ACME, AuditActions.CONNECTOR_UPDATED, deployer, CONNECTOR_1, AuditRecord.Outcome.SUCCESS, T0.plusSeconds(60)),
                AuditRecords.envelope(ACME, AuditActions.CONNECTOR_EXECUTED, deployer, CONNECTOR_2, AuditRecord.Outcome.SUCCESS, T0.plusSeconds(120)),
                AuditRecords.envelope(ACME, AuditActions.EXECUTION_DENIED, deployer, CONNECTOR_2, AuditRecord.Outcome.DENIED, T0.plusSeconds(180)),
                AuditRecords.envelope(ACME, AuditActions.APPROVAL_REQUESTED, service, CONNECTOR_2, AuditRecord.Outcome.PENDING, T0.plusSeconds(240)),
                AuditRecords.envelope(ACME, AuditActions.APPROVAL_GRANTED, AuditRecords.user("acme-approver", "approver"), null,
                        AuditRecord.Outcome.SUCCESS, T0.plusSeconds(300)),
                AuditRecords.envelope(ACME, AuditActions.POLICY_CHANGED, admin, null, AuditRecord.Outcome.SUCCESS, T0.plusSeconds(360)));
        List<EventEnvelope<AuditRecord>> globexRecords = List.of(
                AuditRecords.envelope(GLOBEX, AuditActions.CONNECTOR_CREATED, AuditRecords.user("globex-admin", "admin"), CONNECTOR_1,
                        AuditRecord.Outcome.SUCCESS, T0),
                AuditRecords.envelope(GLOBEX, AuditActions.CONNECTOR_DELETED, AuditRecords.user("globex-admin", "admin"), CONNECTOR_1,
                        AuditRecord.Outcome.SUCCESS, T0.plusSeconds(30)),
                AuditRecords.envelope(GLOBEX, AuditActions.CONNECTOR_EXECUTED, AuditRecords.user("globex-deployer", "deployer"),
                        CONNECTOR_2, AuditRecord.Outcome.FAILURE, T0.plusSeconds(60)));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        acmeRecords.forEach(r -> records.add(AuditRecords.onTopic(r)));
        globexRecords.forEach(r -> records.add(AuditRecords.onTopic(r)));
        AuditRecords.produce(records);
        Eventually.await(Duration.ofSeconds(60), () -> TrailTables.count(ACME) + TrailTables.count(GLOBEX), n -> n >= 10, "seeded records");
        acme = acmeRecords;
        globex = globexRecords;
    }

    private static RequestSpecification as(String user) {
        return RestAssured.given().auth().oauth2(KeycloakServer.get().token(user));
    }

    private static String id(int index) {
        return acme.get(index).id();
    }

    @Test
    void listsTheOrgsEventsInChainOrderWithEveryField() {
        Response response = as("acme-auditor").get("/v1/audit/events");
        response.then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("events.id", contains(acme.stream().map(EventEnvelope::id).toArray()))
                .body("events.seq", contains(1, 2, 3, 4, 5, 6, 7))
                .body("next_cursor", nullValue())
                .body("events[0].org_id", equalTo(ACME))
                .body("events[0].time", equalTo("2026-03-18T12:00:00Z"))
                .body("events[0].actor.username", equalTo("acme-admin"))
                .body("events[0].actor.roles", contains("admin"))
                .body("events[0].target.connector_id", equalTo(CONNECTOR_1))
                .body("events[0].details.connector_type", equalTo("crowdstrike"))
                .body("events[0].prev_hash", equalTo("0".repeat(64)))
                .body("events[1].prev_hash", equalTo(response.path("events[0].hash")))
                .body("events[5].target", nullValue())
                .body("events[4].actor.type", equalTo("service"))
                .body("events[4].actor.on_behalf_of", equalTo("acme-deployer"))
                .body("events[4].outcome", equalTo("pending"));
        Map<String, Object> first = response.path("events[0]");
        assertEquals(Set.copyOf(EVENT_FIELDS), first.keySet(), "exactly the documented fields, nulls included");
    }

    @Test
    void letsAnAdminReadTheTrailToo() {
        as("acme-admin").get("/v1/audit/events?limit=1").then().statusCode(200).body("events", hasSize(1));
    }

    @Test
    void pagesWithAnOpaqueCursorUntilTheLastPage() {
        Response page1 = as("acme-auditor").get("/v1/audit/events?limit=3");
        page1.then().statusCode(200).body("events.seq", contains(1, 2, 3));
        String cursor = page1.path("next_cursor");
        Response page2 = as("acme-auditor").queryParam("cursor", cursor).get("/v1/audit/events?limit=3");
        page2.then().statusCode(200).body("events.seq", contains(4, 5, 6));
        as("acme-auditor").queryParam("cursor", (String) page2.path("next_cursor")).get("/v1/audit/events?limit=3")
                .then().statusCode(200).body("events.seq", contains(7)).body("next_cursor", nullValue());
    }

    @Test
    void filtersByTimeRangeActorActionConnectorAndOutcome() {
        as("acme-auditor").queryParam("from", "2026-03-18T12:01:00Z").queryParam("to", "2026-03-18T13:03:00+01:00")
                .get("/v1/audit/events").then().statusCode(200).body("events.seq", contains(2, 3));
        as("acme-auditor").queryParam("actor", "acme-deployer").get("/v1/audit/events")
                .then().statusCode(200).body("events.seq", contains(2, 3, 4));
        as("acme-auditor").queryParam("actor", "svc-policy").get("/v1/audit/events")
                .then().statusCode(200).body("events.seq", contains(5));
        as("acme-auditor").queryParam("action", "execution.denied").get("/v1/audit/events")
                .then().statusCode(200).body("events.id", contains(id(3)));
        as("acme-auditor").queryParam("connector_id", CONNECTOR_2).get("/v1/audit/events")
                .then().statusCode(200).body("events.seq", contains(3, 4, 5));
        as("acme-auditor").queryParam("outcome", "success").queryParam("connector_id", CONNECTOR_1).get("/v1/audit/events")
                .then().statusCode(200).body("events.seq", contains(1, 2));
        as("acme-auditor").queryParam("actor", "acme-deployer").queryParam("limit", "2").get("/v1/audit/events")
                .then().statusCode(200).body("events.seq", contains(2, 3))
                .body("next_cursor", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void treatsHostileFilterValuesAsPlainValues() {
        as("acme-auditor").queryParam("actor", "' or '1'='1").get("/v1/audit/events")
                .then().statusCode(200).body("events", empty());
        as("acme-auditor").queryParam("actor", "acme-admin'; drop table audit_records; --").get("/v1/audit/events")
                .then().statusCode(200).body("events", empty());
        assertEquals(7, TrailTables.count(ACME));
    }

    @Test
    void refusesInvalidQueryParametersNamingTheField() {
        Map<String, String> bad = Map.of(
                "from", "yesterday",
                "to", "2026-02-30T00:00:00Z",
                "limit", "abc",
                "actor", "a".repeat(300),
                "action", "Connector Created",
                "connector_id", "not-a-uuid",
                "outcome", "maybe");
        bad.forEach((field, value) -> as("acme-auditor").queryParam(field, value).get("/v1/audit/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field)));
        for (String limit : List.of("0", "501", "-5", "1e3")) {
            as("acme-auditor").queryParam("limit", limit).get("/v1/audit/events")
                    .then().statusCode(400).body("errors[0].field", equalTo("limit"));
        }
        as("acme-auditor").queryParam("from", "2026-03-18T13:00:00Z").queryParam("to", "2026-03-18T12:00:00Z")
                .get("/v1/audit/events").then().statusCode(400).body("errors[0].field", equalTo("to"));
    }

    @Test
    void refusesNulAndControlCharactersInEveryFilterOfEventsAndExportNamingIt() {
        Map<String, List<String>> filters = Map.of(
                "/v1/audit/events", List.of("from", "to", "actor", "action", "connector_id", "outcome", "limit", "cursor"),
                "/v1/audit/export", List.of("from", "to", "actor", "action", "connector_id", "outcome"));
        // Sent as written: %00 is the NUL that PostgreSQL cannot take in text (a 500 before).
        for (String value : List.of("%00", "acme-admin%00", "%00acme-admin", "a%01b", "%1F", "%7F", "%C2%85")) {
            filters.forEach((path, fields) -> fields.forEach(field -> as("acme-auditor").urlEncodingEnabled(false)
                    .get(path + "?" + field + "=" + value)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("errors.field", contains(field))
                    .body("errors[0].message", equalTo("must not contain control characters"))));
        }
        as("acme-auditor").urlEncodingEnabled(false).get("/v1/audit/events/%00").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("id"));
        // The same filters with printable values still answer.
        as("acme-auditor").queryParam("actor", "acme-admin").get("/v1/audit/events").then().statusCode(200);
        as("acme-auditor").queryParam("actor", "acme-admin").get("/v1/audit/export").then().statusCode(200);
    }

    @Test
    void refusesATamperedForeignOrMadeUpCursor() {
        String cursor = as("acme-auditor").get("/v1/audit/events?limit=2").path("next_cursor");
        String globexCursor = as("globex-auditor").get("/v1/audit/events?limit=1").path("next_cursor");
        String madeUp = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("5".getBytes(StandardCharsets.US_ASCII));
        String edited = (cursor.charAt(0) == 'M' ? 'N' : 'M') + cursor.substring(1);
        for (String bad : List.of(globexCursor, madeUp, edited, "%%%", "x".repeat(1000))) {
            as("acme-auditor").queryParam("cursor", bad).get("/v1/audit/events")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("cursor"));
        }
    }

    @Test
    void returnsOneEventByIdWithinTheOrgOnly() {
        as("acme-auditor").get("/v1/audit/events/" + id(3)).then().statusCode(200)
                .body("id", equalTo(id(3)))
                .body("seq", equalTo(4))
                .body("action", equalTo("execution.denied"))
                .body("outcome", equalTo("denied"));
        as("acme-auditor").get("/v1/audit/events/" + globex.get(0).id()).then().statusCode(404)
                .contentType("application/problem+json");
        as("globex-auditor").get("/v1/audit/events/" + id(0)).then().statusCode(404);
        as("acme-auditor").get("/v1/audit/events/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void refusesAnEventIdThatIsNotAUuid() {
        for (String bad : List.of("42", "x".repeat(2000), "' or 1=1 --")) {
            as("acme-auditor").get("/v1/audit/events/{id}", bad).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("id"));
        }
    }

    @Test
    void showsEachOrgOnlyItsOwnTrail() {
        as("globex-auditor").get("/v1/audit/events").then().statusCode(200)
                .body("events.id", contains(globex.stream().map(EventEnvelope::id).toArray()))
                .body("events.org_id", contains(GLOBEX, GLOBEX, GLOBEX))
                .body("events.seq", contains(1, 2, 3));
        String export = as("globex-auditor").get("/v1/audit/export").then().statusCode(200).extract().asString();
        assertEquals(3, export.lines().count());
        assertTrue(!export.contains(ACME));
    }

    @Test
    void refusesUsersWithoutTheAuditorOrAdminRole() {
        for (String user : List.of("acme-viewer", "acme-deployer", "acme-approver")) {
            for (String path : PROTECTED) {
                as(user).get(path).then().statusCode(403).contentType("application/problem+json");
            }
        }
        RestAssured.given().auth().oauth2(KeycloakServer.get().serviceToken("execution-service"))
                .get("/v1/audit/events").then().statusCode(403);
    }

    @Test
    void refusesCallsWithoutAValidToken() {
        for (String path : List.of("/v1/audit/events", "/v1/audit/verify", "/v1/audit/export", "/v1/audit/schema")) {
            RestAssured.get(path).then().statusCode(401).contentType("application/problem+json");
            RestAssured.given().auth().oauth2("not.a.token").get(path).then().statusCode(401);
        }
    }

    @Test
    void exportsTheTrailAsNdjsonFromWhichEveryHashCanBeRecomputed() throws Exception {
        Response response = as("acme-auditor").accept("application/x-ndjson").get("/v1/audit/export");
        response.then().statusCode(200).contentType(startsWith("application/x-ndjson"));
        List<String> lines = response.asString().lines().toList();
        assertEquals(7, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode event = AuditRecords.MAPPER.readTree(lines.get(i));
            assertEquals(i + 1, event.get("seq").asInt());
            assertEquals(id(i), event.get("id").asText());
            assertEquals(event.get("hash").asText(), recomputedHash(event), "an analyst recomputes the hash from the export");
        }
    }

    @Test
    void exportsOnlyTheRequestedTimeRange() {
        String body = as("acme-auditor").queryParam("from", "2026-03-18T12:04:00Z").get("/v1/audit/export")
                .then().statusCode(200).extract().asString();
        assertEquals(3, body.lines().count());
        as("acme-auditor").queryParam("from", "soon").get("/v1/audit/export").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("from"));
    }

    @Test
    void verifiesTheOrgsChainAgainstASignedCheckpoint() {
        checkpoints.checkpointChangedChains().await().atMost(Duration.ofSeconds(30));
        as("acme-auditor").get("/v1/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true))
                .body("records_checked", equalTo(7))
                .body("first_broken", nullValue())
                .body("checkpoint.seq", equalTo(7))
                .body("checkpoint.matches", equalTo(true))
                .body("checkpoint.problem", nullValue())
                .body("unpinned_records", equalTo(0))
                .body("checkpoints_checked", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("checkpoint.hash", equalTo(as("acme-auditor").get("/v1/audit/events/" + id(6)).path("hash")))
                // How far behind the trail is: the newest chained record, when it was created and when chained.
                .body("lag.head_seq", equalTo(7))
                .body("lag.newest_record_time", equalTo("2026-03-18T12:06:00Z"))
                .body("lag.chained_at", notNullValue())
                .body("lag.ingest_delay_ms", notNullValue())
                .body("lag.newest_record_age_ms", notNullValue());
    }

    @Test
    void servesThePublishedSchemaToAnyAuthenticatedUser() throws Exception {
        String published = Files.readString(RepoFiles.resolve("platform/platform-core/src/main/resources/schemas/audit.record.v1.json"));
        String served = as("acme-viewer").get("/v1/audit/schema").then().statusCode(200)
                .contentType(startsWith("application/schema+json")).extract().asString();
        assertEquals(published, served);
        as("globex-viewer").accept("application/json").get("/v1/audit/schema").then().statusCode(200)
                .body("$id", equalTo("urn:connectors:schemas:audit.record.v1"));
    }

    /** What an analyst does with an exported line: canonical JSON of the hashed fields, SHA-256. */
    private static String recomputedHash(JsonNode event) {
        ObjectNode hashed = ((ObjectNode) event.deepCopy());
        hashed.set("event_id", hashed.remove("id"));
        hashed.remove("hash");
        return CanonicalJson.sha256(hashed);
    }
}
