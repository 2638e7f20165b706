package io.connectors.execution.runner;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectorGuardTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private ConnectorGuard guard(double permitsPerSecond, int burst, int threshold) {
        return new ConnectorGuard(permitsPerSecond, burst, threshold, Duration.ofSeconds(30), now::get);
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    private static Failure external(Duration retryAfter, int status) {
        return new Failure(Fault.EXTERNAL, "vendor down", true, retryAfter, status, false);
    }

    @Test
    void allowsABurstThenRefusesUntilTokensRefill() {
        ConnectorGuard guard = guard(2, 3, 5);
        for (int i = 0; i < 3; i++) {
            guard.acquire();
        }
        Failure refused = assertThrows(Failure.class, guard::acquire);
        assertEquals(Fault.CALLER, refused.fault());
        assertTrue(refused.retryable());
        assertTrue(refused.fromGuard());
        assertEquals(1, refused.toError().retryAfterSeconds());

        advance(Duration.ofMillis(500));
        assertDoesNotThrow(guard::acquire);
        assertThrows(Failure.class, guard::acquire);
    }

    @Test
    void opensTheBreakerAfterConsecutiveExternalFailuresAndRefusesFast() {
        ConnectorGuard guard = guard(100, 100, 3);
        for (int i = 0; i < 3; i++) {
            guard.acquire();
            guard.failed(external(null, 503));
        }
        assertTrue(guard.isOpen());
        Failure refused = assertThrows(Failure.class, guard::acquire);
        assertEquals(Fault.EXTERNAL, refused.fault());
        assertTrue(refused.getMessage().contains("circuit breaker"));
        assertEquals(30, refused.toError().retryAfterSeconds());
    }

    @Test
    void letsOneTrialCallThroughAfterTheOpenPeriodAndClosesOnSuccess() {
        ConnectorGuard guard = guard(100, 100, 1);
        guard.acquire();
        guard.failed(external(null, 500));
        advance(Duration.ofSeconds(31));

        guard.acquire();
        assertThrows(Failure.class, guard::acquire, "only one trial call while half-open");
        guard.succeeded();

        assertFalse(guard.isOpen());
        assertDoesNotThrow(guard::acquire);
    }

    @Test
    void reopensWhenTheTrialCallFails() {
        ConnectorGuard guard = guard(100, 100, 1);
        guard.acquire();
        guard.failed(external(null, 500));
        advance(Duration.ofSeconds(31));
        guard.acquire();
        guard.failed(external(null, 500));

        assertTrue(guard.isOpen());
        assertThrows(Failure.class, guard::acquire);
    }

    @Test
    void holdsEveryCallUntilTheVendorsRetryAfterOnA429() {
        ConnectorGuard guard = guard(100, 100, 10);
        guard.acquire();
        guard.failed(new Failure(Fault.EXTERNAL, "slow down", true, Duration.ofSeconds(7), 429, false));

        Failure held = assertThrows(Failure.class, guard::acquire);
        assertEquals(7, held.toError().retryAfterSeconds());
        advance(Duration.ofSeconds(7));
        assertDoesNotThrow(guard::acquire);
    }

    @Test
    void keepsTheBreakerOpenAtLeastAsLongAsTheVendorAsks() {
        ConnectorGuard guard = guard(100, 100, 1);
        guard.acquire();
        guard.failed(external(Duration.ofSeconds(90), 503));
        advance(Duration.ofSeconds(60));

        assertThrows(Failure.class, guard::acquire);
    }

    @Test
    void answersThatProveTheSystemIsUpResetTheFailureCount() {
        ConnectorGuard guard = guard(100, 100, 2);
        guard.acquire();
        guard.failed(external(null, 502));
        guard.acquire();
        guard.failed(new Failure(Fault.CALLER, "no such host id", false, null, 404, false));
        guard.acquire();
        guard.failed(external(null, 502));

        assertFalse(guard.isOpen());
    }

    @Test
    void ignoresItsOwnRefusals() {
        ConnectorGuard guard = guard(100, 1, 1);
        guard.acquire();
        Failure refused = assertThrows(Failure.class, guard::acquire);
        guard.failed(refused);

        assertFalse(guard.isOpen());
    }
}
