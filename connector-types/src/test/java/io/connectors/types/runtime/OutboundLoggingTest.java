package io.connectors.types.runtime;

import io.connectors.types.testing.FakeServer;
import io.connectors.types.testing.Reply;
import io.connectors.types.testing.TestRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.connectors.types.testing.TestRuntime.failure;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever happens to a call, no log line carries its headers, body or URL query (where some APIs put keys). */
class OutboundLoggingTest {

    private static final String CANARY = "canary-logged-secret-51f0";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLoggerName() + " " + record.getMessage() + " " + Arrays.toString(record.getParameters())
                    + " " + record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final FakeServer fake = new FakeServer()
            .on("POST", "/redirect", request -> Reply.empty(307).header("Location", "http://169.254.169.254/?key=" + CANARY))
            .on("POST", "/fails", request -> Reply.json(500, "{\"message\": \"echo " + CANARY + "\"}"));

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
        capture.setLevel(Level.ALL);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger("").removeHandler(capture);
        fake.close();
    }

    @Test
    void logsRefusalsWithoutTheRequestsSecrets() {
        SafeHttpClient http = TestRuntime.http();
        VendorApi api = new VendorApi(http, "Vendor", body -> body.path("message").asText(null));
        // The credentials hold the canary, so the vendor's echo of it in an error body is masked too.
        OperationContext context = TestRuntime.context(1, Json.object(), Json.object().put("token", CANARY));

        for (String url : List.of(fake.url() + "/redirect", "http://127.0.0.2/?key=" + CANARY, fake.url() + "/fails?key=" + CANARY)) {
            SafeHttpRequest request = SafeHttpRequest.json("POST", URI.create(url), Json.object().put("secret", CANARY))
                    .withHeader("Authorization", "Bearer " + CANARY);
            ConnectorException error = failure(api.call(context, request));
            assertFalse(error.getMessage().contains(CANARY), error.getMessage());
        }

        assertTrue(lines.stream().anyMatch(line -> line.contains("Refused an outbound call")), "the refusals are logged: " + lines);
        assertTrue(lines.stream().noneMatch(line -> line.contains(CANARY)), lines.toString());
    }
}
