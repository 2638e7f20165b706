package io.connectors.execution.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds (work done by Kafka consumers and the outbox relay is asynchronous). */
public final class Eventually {

    private static final Duration LIMIT = Duration.ofSeconds(45);

    private Eventually() {
    }

    public static <T> T until(Supplier<T> probe, Predicate<T> done, String what) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Timed out waiting for " + what + "; last seen: " + last);
    }
}
