package io.connectors.execution.policy;

import io.connectors.execution.ExecutionServiceProfile;
import io.connectors.execution.testing.EchoType;
import io.connectors.execution.testing.PolicyFake;
import io.connectors.execution.testing.TestConnector;
import io.connectors.platform.secrets.SecretCipher;
import io.connectors.platform.testing.KeycloakServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.connectors.execution.testing.Api.ACME;
import static io.connectors.execution.testing.Api.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A routine expiry of this service's token costs no execution: with tokens that live 15 s, a steady load across
 * several expiries sees no failure, and policy-service (its stand-in, which refuses expired tokens) never has to
 * answer 401, because the token is renewed before it expires.
 */
@QuarkusTest
@TestProfile(ExecutionServiceProfile.class)
class ServiceTokenExpiryIT {

    private static final Duration LIFESPAN = Duration.ofSeconds(15);
    private static final Duration LOAD = Duration.ofSeconds(50);

    @Inject
    SecretCipher cipher;

    @Test
    void executesThroughSeveralTokenExpiriesWithoutAFailure() throws Exception {
        List<TestConnector> connectors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            connectors.add(TestConnector.of(ACME, EchoType.ID).permitting(EchoType.READ)
                    .credentials("{\"user\":\"u\",\"secret\":\"s\"}").publish(cipher));
        }
        KeycloakServer.get().accessTokenLifespan("execution-service", LIFESPAN);
        try {
            // The token held now is a long-lived one: have it refused once, so the next one is short-lived.
            PolicyFake.get().refuseTokensSeenSoFar();
            sleep(Duration.ofMillis(1500));
            execute("acme-admin", connectors.get(0).id, EchoType.READ, Map.of()).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("success"));
            int tokensBefore = PolicyFake.get().tokensAccepted();
            int unauthorizedBefore = PolicyFake.get().unauthorizedAnswers();
            AtomicInteger succeeded = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService callers = Executors.newFixedThreadPool(connectors.size());
            long end = System.nanoTime() + LOAD.toNanos();
            List<Future<?>> running = new ArrayList<>();
            for (TestConnector connector : connectors) {
                running.add(callers.submit(() -> {
                    while (System.nanoTime() < end) {
                        Response answer = execute("acme-admin", connector.id, EchoType.READ, Map.of("message", "load"));
                        if (answer.statusCode() == 200 && "success".equals(answer.path("status"))) {
                            succeeded.incrementAndGet();
                        } else {
                            failures.add(answer.statusCode() + " " + answer.asString());
                        }
                        sleep(Duration.ofMillis(50));
                    }
                }));
            }
            for (Future<?> caller : running) {
                caller.get();
            }
            callers.shutdown();
            assertTrue(failures.isEmpty(), failures.size() + " failed executions, e.g. " + failures.peek());
            assertTrue(succeeded.get() > 100, "a steady load: " + succeeded.get() + " executions");
            int renewals = PolicyFake.get().tokensAccepted() - tokensBefore;
            assertTrue(renewals >= 2, "50 s of 15 s tokens need renewals, saw " + renewals);
            assertEquals(unauthorizedBefore, PolicyFake.get().unauthorizedAnswers(),
                    "no request had an expired token refused: tokens are renewed ahead of expiry");
        } finally {
            KeycloakServer.get().accessTokenLifespan("execution-service", null);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
