package io.connectors.config.credentials;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.config.ConfigServiceProfile;
import io.connectors.config.KafkaRecords;
import io.connectors.platform.events.Topics;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.RealServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.connectors.config.Api.CONNECTORS;
import static io.connectors.config.Api.as;
import static io.connectors.config.Api.crowdstrike;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A canary secret goes through every write path; afterwards it is searched for in the HTTP responses, the log output,
 * every record on the config and audit topics, and every row of every table. Only the cipher's envelope may hold it,
 * and not readably (neither as plaintext nor as base64).
 */
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class CredentialSecrecyIT {

    private final CapturingHandler logs = new CapturingHandler();

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(logs);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(logs);
    }

    @Test
    void theCanarySecretIsNowhereButInTheCiphertext() throws SQLException {
        String canary = "canary-" + UUID.randomUUID();
        String rotated = "canary-" + UUID.randomUUID();
        List<String> seen = new ArrayList<>();

        ObjectNode body = crowdstrike(UUID.randomUUID(), canary);
        Response created = as("acme-admin").header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body.toString()).post(CONNECTORS).then().statusCode(201).extract().response();
        String id = created.path("id");
        seen.add(created.asString() + created.getHeaders());
        seen.add(as("acme-viewer").get(CONNECTORS + "/" + id).asString());
        seen.add(as("acme-viewer").queryParam("agent_id", body.get("agent_id").asText()).get(CONNECTORS).asString());
        seen.add(as("acme-admin").body("{\"credentials\": {\"client_id\": \"abc123def456\", \"client_secret\": \""
                + rotated + "\"}}").patch(CONNECTORS + "/" + id).then().statusCode(200).extract().asString());
        seen.add(as("acme-admin").body("{\"credentials\": {\"client_secret\": \"" + canary + "\", \"nope\": \""
                + canary + "\"}}").patch(CONNECTORS + "/" + id).then().statusCode(400).extract().asString());
        seen.add(as("acme-admin").body("{\"description\": \"after\"}").patch(CONNECTORS + "/" + id).asString());

        List<ConsumerRecord<String, String>> config = KafkaRecords.withKey(Topics.CONFIG, id, 3);
        List<ConsumerRecord<String, String>> audit = KafkaRecords.mentioning(Topics.AUDIT, id, 3);
        config.forEach(record -> seen.add(record.value()));
        audit.forEach(record -> seen.add(record.value()));
        seen.addAll(logs.lines());
        List<String> rows = everyRowOfEveryTable();
        assertTrue(rows.stream().anyMatch(row -> row.startsWith("connectors: ") && row.contains(id)), "the rows are read");
        seen.addAll(rows);

        assertTrue(logs.lines().size() > 0, "the log capture works");
        for (String secret : List.of(canary, rotated)) {
            for (String form : readableForms(secret)) {
                for (String text : seen) {
                    assertFalse(text.contains(form), "the secret leaked (" + form + ") into: " + text);
                }
            }
        }
    }

    /** The secret as plaintext and as base64 at each of the three byte alignments it could have inside a longer text. */
    private static List<String> readableForms(String secret) {
        List<String> forms = new ArrayList<>(List.of(secret));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (String prefix : List.of("", "\"", "\":\"")) {
            byte[] aligned = (prefix + secret).getBytes(StandardCharsets.UTF_8);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(aligned);
            // only the characters encoding the secret's bits alone: not those shared with the prefix or the end
            int skip = (prefix.length() * 4 + 2) / 3;
            forms.add(encoded.substring(skip, Math.max(skip, encoded.length() - 2)));
            String url = Base64.getUrlEncoder().withoutPadding().encodeToString(aligned);
            forms.add(url.substring(skip, Math.max(skip, url.length() - 2)));
        }
        forms.add(Base64.getEncoder().encodeToString(bytes));
        return forms;
    }

    private static List<String> everyRowOfEveryTable() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection owner = RealServers.database().connectAsOwner()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet all = owner.createStatement().executeQuery(
                    "select tablename from pg_tables where schemaname = 'public'")) {
                while (all.next()) {
                    tables.add(all.getString(1));
                }
            }
            // Row-Level Security applies to the owner too (FORCE): read each demo org's rows in turn.
            for (String org : List.of(KeycloakServer.ACME_ORG, KeycloakServer.GLOBEX_ORG)) {
                owner.createStatement().execute("select set_config('app.org_id', '" + org + "', false)");
                for (String table : tables) {
                    try (ResultSet content = owner.createStatement().executeQuery(
                            "select row_to_json(t)::text from \"" + table + "\" t")) {
                        while (content.next()) {
                            rows.add(table + ": " + content.getString(1));
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** Every log record, with its parameters and exception, as text. */
    private static final class CapturingHandler extends Handler {

        private final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        CapturingHandler() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                line.append(' ').append(Arrays.deepToString(record.getParameters()));
            }
            for (Throwable thrown = record.getThrown(); thrown != null; thrown = thrown.getCause()) {
                line.append(' ').append(thrown);
            }
            lines.add(line.toString());
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
