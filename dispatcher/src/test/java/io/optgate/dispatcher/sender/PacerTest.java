package io.optgate.dispatcher.sender;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacerTest {

    private static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");

    private static int permitsWithin(final Pacer pacer, final Duration span, final Duration step) {
        int permits = 0;
        for (Instant now = T0; now.isBefore(T0.plus(span)); now = now.plus(step)) {
            while (pacer.tryAcquire(now)) {
                permits++;
            }
        }
        return permits;
    }

    @Test
    void neverMoreThanTheRatePlusOneInAnyInterval() {
        final Pacer pacer = new Pacer(10, T0);

        assertThat(permitsWithin(pacer, Duration.ofSeconds(3), Duration.ofMillis(1))).isBetween(30, 31);
    }

    @Test
    void idleTimeDoesNotBuildUpABurst() {
        final Pacer pacer = new Pacer(10, T0);
        final Instant later = T0.plus(Duration.ofMinutes(5));

        assertThat(pacer.tryAcquire(later)).isTrue();
        assertThat(pacer.tryAcquire(later)).isFalse();
        assertThat(pacer.waitTime(later)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aFractionalShareStillSendsAtItsPace() {
        final Pacer pacer = new Pacer(0.5, T0);

        assertThat(permitsWithin(pacer, Duration.ofSeconds(10), Duration.ofMillis(10))).isEqualTo(5);
    }

    @Test
    void aZeroShareNeverSendsAndSaysSo() {
        final Pacer pacer = new Pacer(0, T0);
        assertThat(pacer.tryAcquire(T0)).isTrue();
        assertThat(pacer.tryAcquire(T0.plusSeconds(60))).isFalse();
        assertThat(pacer.waitTime(T0.plusSeconds(60))).isNull();
    }

    @Test
    void retryAfterPausesEveryHandOverUntilItHasPassed() {
        final Pacer pacer = new Pacer(10, T0);
        pacer.pauseUntil(T0.plusSeconds(7));

        assertThat(pacer.tryAcquire(T0.plusSeconds(6))).isFalse();
        assertThat(pacer.waitTime(T0.plusSeconds(6))).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacer.tryAcquire(T0.plusSeconds(7))).isTrue();
    }

    @Test
    void anEarlierPauseDoesNotShortenALaterOne() {
        final Pacer pacer = new Pacer(10, T0);
        pacer.pauseUntil(T0.plusSeconds(10));
        pacer.pauseUntil(T0.plusSeconds(2));

        assertThat(pacer.tryAcquire(T0.plusSeconds(5))).isFalse();
    }

    @Test
    void aRebalanceChangesTheRate() {
        final Pacer pacer = new Pacer(10, T0);
        pacer.setRate(2.5);

        assertThat(pacer.rate()).isEqualTo(2.5);
        assertThat(permitsWithin(pacer, Duration.ofSeconds(4), Duration.ofMillis(5))).isBetween(10, 11);
    }

    @Test
    void aNegativeOrInfiniteRateIsRefused() {
        assertThatThrownBy(() -> new Pacer(-1, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacer(Double.POSITIVE_INFINITY, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pacer(Double.NaN, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void permitsReservedAheadAreSpacedAtTheRateWheneverTheyAreTaken() {
        final Pacer pacer = new Pacer(10, T0);
        final List<Instant> slots = new ArrayList<>();
        for (Instant now = T0; now.isBefore(T0.plusSeconds(3)); now = now.plus(Duration.ofMillis(7))) {
            for (Optional<Instant> slot = pacer.reserve(now, Duration.ofMillis(500)); slot.isPresent();
                 slot = pacer.reserve(now, Duration.ofMillis(500))) {
                assertThat(slot.get()).isAfterOrEqualTo(now).isBeforeOrEqualTo(now.plusMillis(500));
                slots.add(slot.get());
            }
        }

        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1), slots.get(i))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        }
        assertThat(slots.size()).as("3 s at 10 a second, 0.5 s ahead").isBetween(31, 36);
    }

    @Test
    void aReservationAheadDelaysTheNextPermitNow() {
        final Pacer pacer = new Pacer(10, T0);
        assertThat(pacer.reserve(T0, Duration.ofMillis(100))).contains(T0);
        assertThat(pacer.reserve(T0, Duration.ofMillis(100))).contains(T0.plusMillis(100));
        assertThat(pacer.reserve(T0, Duration.ofMillis(100))).as("beyond the horizon").isEmpty();

        assertThat(pacer.tryAcquire(T0.plusMillis(150))).isFalse();
        assertThat(pacer.waitTime(T0.plusMillis(150))).isEqualTo(Duration.ofMillis(50));
        assertThat(pacer.tryAcquire(T0.plusMillis(200))).isTrue();
    }

    @Test
    void nothingIsReservedWhilePaused() {
        final Pacer pacer = new Pacer(10, T0);
        pacer.pauseUntil(T0.plusSeconds(2));

        assertThat(pacer.reserve(T0.plusSeconds(1), Duration.ofSeconds(5))).isEmpty();
        assertThat(pacer.reserve(T0.plusSeconds(2), Duration.ZERO)).contains(T0.plusSeconds(2));
    }
}
