package io.optgate.dispatcher.sender;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8));
    private static final RandomGenerator LOWEST = new FixedRandom(0);
    private static final RandomGenerator HIGHEST = new FixedRandom(Long.MAX_VALUE);

    @Test
    void theBackoffDoublesWithEachFailedAttemptBetweenHalfAndAllOfIt() {
        assertThat(POLICY.delayAfter(1, Optional.empty(), LOWEST)).contains(Duration.ofMillis(500));
        assertThat(POLICY.delayAfter(1, Optional.empty(), HIGHEST)).contains(Duration.ofSeconds(1));
        assertThat(POLICY.delayAfter(2, Optional.empty(), LOWEST)).contains(Duration.ofSeconds(1));
        assertThat(POLICY.delayAfter(2, Optional.empty(), HIGHEST)).contains(Duration.ofSeconds(2));
        assertThat(POLICY.delayAfter(3, Optional.empty(), HIGHEST)).contains(Duration.ofSeconds(4));
    }

    @Test
    void theBackoffIsCapped() {
        final RetryPolicy many = new RetryPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(8));
        assertThat(many.delayAfter(4, Optional.empty(), HIGHEST)).contains(Duration.ofSeconds(8));
        assertThat(many.delayAfter(60, Optional.empty(), HIGHEST)).contains(Duration.ofSeconds(8));
        assertThat(many.delayAfter(60, Optional.empty(), LOWEST)).contains(Duration.ofSeconds(4));
    }

    @Test
    void jitterSpreadsRetriesOfTheSameAttempt() {
        final Random random = new Random(42);
        final long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> POLICY.delayAfter(3, Optional.empty(), random).orElseThrow())
                .distinct().count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void retryAfterIsHonouredWhenLongerThanTheBackoffEvenBeyondTheCap() {
        assertThat(POLICY.delayAfter(1, Optional.of(Duration.ofSeconds(30)), HIGHEST)).contains(Duration.ofSeconds(30));
        assertThat(POLICY.delayAfter(3, Optional.of(Duration.ofMillis(10)), LOWEST)).contains(Duration.ofSeconds(2));
    }

    @Test
    void afterTheLastAttemptThereIsNoRetry() {
        assertThat(POLICY.delayAfter(5, Optional.empty(), LOWEST)).isEmpty();
        assertThat(POLICY.delayAfter(6, Optional.of(Duration.ofSeconds(1)), LOWEST)).isEmpty();
        assertThat(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1))
                .delayAfter(1, Optional.empty(), LOWEST)).isEmpty();
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("base");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("cap");
    }

    /** Always draws the bound's end closest to the given value. */
    private record FixedRandom(long value) implements RandomGenerator {
        @Override
        public long nextLong() {
            return value;
        }

        @Override
        public long nextLong(final long bound) {
            return Math.min(value, bound - 1);
        }
    }

    @Test
    void aRetryAfterLongerThanTheMaximumIsHonouredOnlyUpToIt() {
        final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(60));

        assertThat(policy.delayAfter(1, Optional.of(Duration.ofHours(1)), RandomGenerator.getDefault()))
                .contains(Duration.ofSeconds(60));
        assertThat(policy.honoured(Optional.of(Duration.ofSeconds(30)))).contains(Duration.ofSeconds(30));
    }
}
