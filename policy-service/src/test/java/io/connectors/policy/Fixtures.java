package io.connectors.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.connectors.platform.testing.KafkaServer;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.RealServers;
import io.connectors.platform.testing.RepoFiles;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tokens, request bodies and behind-the-back looks (outbox rows, Kafka topics) for policy-service's tests. */
public final class Fixtures {

    public static final String ACME = KeycloakServer.ACME_ORG;
    public static final String GLOBEX = KeycloakServer.GLOBEX_ORG;
    public static final String PROBLEM_JSON = "application/problem+json";
    /** A value that must never appear in an audit record (params values are redacted). */
    public static final String CANARY = "canary-secret-7d1f0a";
    /** How long PostgreSQL's cumulative statistics may lag behind the transactions they count. */
    public static final Duration STATISTICS_DELAY = Duration.ofSeconds(11);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private Fixtures() {
    }

    public static RequestSpecification as(String user) {
        return RestAssured.given().auth().oauth2(KeycloakServer.get().token(user)).contentType(ContentType.JSON);
    }

    /** {@code user}'s token and nothing else: no body, no content type. */
    public static RequestSpecification bare(String user) {
        return RestAssured.given().auth().oauth2(KeycloakServer.get().token(user));
    }

    /** The decision API's one rightful caller. */
    public static RequestSpecification asExecutionService() {
        return asService("execution-service");
    }

    /** A real client-credential token of one of the realm's service clients ({@code schema-registry}, ...). */
    public static RequestSpecification asService(String client) {
        return RestAssured.given().auth().oauth2(KeycloakServer.get().serviceToken(client)).contentType(ContentType.JSON);
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given().contentType(ContentType.JSON);
    }

    /** The token subject of a demo user (what execution-service passes as actor.subject). */
    public static String subjectOf(String user) {
        String payload = KeycloakServer.get().token(user).split("\\.")[1];
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).get("sub").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A decision request like execution-service sends for {@code user} of {@code org}. */
    public static Map<String, Object> decision(String org, String user, String connectorType, String operation,
                                               String operationClass, int baseRisk, List<String> permitted,
                                               Map<String, Object> params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("org_id", org);
        body.put("execution_id", UUID.randomUUID().toString());
        body.put("actor", Map.of("subject", subjectOf(user), "username", user, "roles", List.of("deployer")));
        body.put("connector", Map.of("id", UUID.randomUUID().toString(), "type", connectorType,
                "agent_id", UUID.randomUUID().toString(), "permitted_operations", permitted));
        body.put("operation", Map.of("name", operation, "class", operationClass, "base_risk", baseRisk));
        body.put("params", params);
        return body;
    }

    /** The seed's CrowdStrike containment: destructive, base risk 70, params with an id and a canary. */
    public static Map<String, Object> containment(String org, String user) {
        return decision(org, user, "crowdstrike", "hosts:contain", "destructive", 70,
                List.of("detections:read", "hosts:contain"), Map.of("device_id", "abc", "comment", CANARY));
    }

    public static Response decide(Map<String, Object> body) {
        return asExecutionService().body(body).post("/v1/decisions");
    }

    /** The payloads this service wrote to its outbox (for any topic) that contain {@code text}. */
    public static List<JsonNode> outbox(String topic, String text) {
        List<JsonNode> out = new ArrayList<>();
        try (Connection connection = RealServers.database().connectAsOwner();
             PreparedStatement statement = connection.prepareStatement(
                     "select payload from outbox where topic = ? and payload like ? order by seq")) {
            statement.setString(1, topic);
            statement.setString(2, "%" + text + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    out.add(JSON.readTree(rows.getString(1)));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Runs {@code sql} (one parameter: {@code id}) as the owner inside {@code org}: RLS applies to the owner too. */
    public static int updateInOrg(String org, String sql, UUID id) {
        try (Connection connection = RealServers.database().connectAsOwner()) {
            connection.setAutoCommit(false);
            try (PreparedStatement scope = connection.prepareStatement("select set_config('app.org_id', ?, true)");
                 PreparedStatement update = connection.prepareStatement(sql)) {
                scope.setString(1, org);
                scope.execute();
                update.setObject(1, id);
                int count = update.executeUpdate();
                connection.commit();
                return count;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code sql} with {@code params} as the owner inside {@code org}; returns the update count. */
    public static int executeInOrg(String org, String sql, Object... params) {
        try (Connection connection = RealServers.database().connectAsOwner()) {
            connection.setAutoCommit(false);
            inOrg(connection, org);
            try (PreparedStatement statement = prepare(connection, sql, params)) {
                int count = statement.executeUpdate();
                connection.commit();
                return count;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row {@code sql} returns, as text, read as the owner inside {@code org}. */
    public static List<String> queryInOrg(String org, String sql, Object... params) {
        try (Connection connection = RealServers.database().connectAsOwner()) {
            connection.setAutoCommit(false);
            inOrg(connection, org);
            List<String> out = query(connection, sql, params);
            connection.commit();
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row {@code sql} returns, as text, read as the owner (outside any org). */
    public static List<String> queryAsOwner(String sql, Object... params) {
        try (Connection connection = RealServers.database().connectAsOwner()) {
            return query(connection, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs statements as the owner, outside any org (DDL, pg_notify). */
    public static void executeAsOwner(String... statements) {
        try (Connection connection = RealServers.database().connectAsOwner();
             java.sql.Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Transactions committed so far in the service's database, from PostgreSQL's statistics: a backend reports its
     * counts when idle, at most every second and at the latest about 10 s later, so a count is complete only once
     * {@link #STATISTICS_DELAY} has passed since the transactions.
     */
    public static long committedTransactions() {
        return Long.parseLong(queryAsOwner("select xact_commit from pg_stat_database where datname = current_database()")
                .get(0));
    }

    /** The same as the application role, the role the service runs as. */
    public static List<String> queryAsApp(String sql, Object... params) {
        try (Connection connection = RealServers.database().connectAsApp()) {
            return query(connection, sql, params);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void inOrg(Connection connection, String org) throws SQLException {
        try (PreparedStatement scope = connection.prepareStatement("select set_config('app.org_id', ?, true)")) {
            scope.setString(1, org);
            scope.execute();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }

    private static List<String> query(Connection connection, String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                out.add(rows.getString(1));
            }
        }
        return out;
    }

    /** Waits for a record on {@code topic} keyed {@code key} whose value matches, and returns its value as JSON. */
    public static JsonNode awaitEvent(String topic, String key, Predicate<JsonNode> matches) {
        return json(awaitRecord(topic, key, value -> value != null && matches.test(json(value))));
    }

    /** Waits for a record on {@code topic} keyed {@code key} whose raw value matches, and returns that value. */
    public static String awaitRecord(String topic, String key, Predicate<String> matches) {
        try (ConsumerTask<String, String> records = KafkaServer.get().companion().consumeStrings().fromTopics(topic)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : records.getRecords()) {
                    if (key.equals(record.key()) && matches.test(record.value())) {
                        return record.value();
                    }
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("No matching record keyed " + key + " on " + topic + " within 30 s");
    }

    /** Publishes a record (a null value is a tombstone) and waits until the broker has it. */
    public static void publish(String topic, String key, String value) {
        KafkaServer.get().companion().produceStrings().fromRecords(new ProducerRecord<>(topic, key, value))
                .awaitCompletion(Duration.ofSeconds(30));
    }

    /** Asserts that {@code event} is valid against the published JSON Schema {@code schemaFile} (in platform-core). */
    public static void assertValidEvent(String schemaFile, JsonNode event) {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(RepoFiles.resolve("platform/platform-core/src/main/resources/schemas/"
                + schemaFile))) {
            schema = SCHEMAS.getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<ValidationMessage> errors = schema.validate(event);
        assertEquals(Set.of(), errors, schemaFile + " refuses " + event);
    }

    /**
     * {@code body} as JSON text, with every string value {@code "RAW"} replaced by {@code raw}: JSON no Java value
     * serialises to, such as {@code 1e400} or {@code -1e400}.
     */
    public static String withRaw(Object body, String raw) {
        try {
            return JSON.writeValueAsString(body).replace("\"RAW\"", raw);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
