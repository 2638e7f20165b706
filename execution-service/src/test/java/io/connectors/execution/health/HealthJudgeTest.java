package io.connectors.execution.health;

import io.connectors.execution.ExecutionConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HealthJudgeTest {

    private static final ExecutionConfig.Health CONFIG = new ExecutionConfig.Health() {
        @Override
        public int window() {
            return 10;
        }

        @Override
        public int unavailableAfter() {
            return 3;
        }

        @Override
        public double failureRatio() {
            return 0.5;
        }

        @Override
        public int minSamples() {
            return 4;
        }

        @Override
        public Duration checkInterval() {
            return Duration.ofSeconds(60);
        }

        @Override
        public double checksPerSecond() {
            return 5;
        }

        @Override
        public Duration flushInterval() {
            return Duration.ofSeconds(2);
        }
    };

    private static List<HealthSample> samples(String pattern) {
        List<HealthSample> samples = new ArrayList<>();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (char c : pattern.toCharArray()) {
            samples.add(new HealthSample(at, c == '+', "execution"));
            at = at.plusSeconds(30);
        }
        return samples;
    }

    private static int trailingFailures(String pattern) {
        int count = 0;
        for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '-'; i--) {
            count++;
        }
        return count;
    }

    private static String judge(String pattern) {
        return HealthJudge.judge(samples(pattern), trailingFailures(pattern), pattern.contains("+"), CONFIG);
    }

    @Test
    void isPendingBeforeAnySample() {
        assertEquals("Pending", judge(""));
    }

    @Test
    void isAvailableOnceTheLatestSampleSucceeded() {
        assertEquals("Available", judge("+"));
        assertEquals("Available", judge("---+"));
    }

    @Test
    void doesNotJudgeUnavailableFromOneFailedSample() {
        assertEquals("Available", judge("+++++-"));
        assertEquals("Pending", judge("-"), "one failure of a never-seen connector is not enough evidence");
    }

    @Test
    void isUnavailableAfterConsecutiveFailures() {
        assertEquals("Unavailable", judge("++++---"));
    }

    @Test
    void isUnavailableWhenFailuresReachTheRatioOfTheWindow() {
        assertEquals("Unavailable", judge("+-+-+--"), "a flapping connector");
        assertEquals("Available", judge("+-+++-"));
    }
}
