package io.optgate.dispatcher.progress;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentClockTest {

    private static final Instant T0 = Instant.parse("2026-03-01T19:00:00Z");
    private static final String EVENTS = "consent.events";
    private static final String REPARTITION = "optgate-consent-streams-consent-by-tenant-repartition";
    private static final String STATE = "consent.state";

    /** The cluster as the probe sees it: end offsets and each group's committed offsets, set by the test. */
    private static final class Cluster implements OffsetsView {
        final Map<TopicPartition, Long> ends = new HashMap<>();
        final Map<String, Map<TopicPartition, Long>> groups = new HashMap<>();
        boolean unreachable;

        @Override
        public Map<TopicPartition, Long> stableEnds(final Collection<String> topics) {
            if (unreachable) {
                throw new IllegalStateException("no answer from Kafka");
            }
            final Map<TopicPartition, Long> found = new HashMap<>();
            ends.forEach((partition, end) -> {
                if (topics.contains(partition.topic())) {
                    found.put(partition, end);
                }
            });
            return found;
        }

        @Override
        public Map<TopicPartition, Long> committed(final String groupId) {
            if (unreachable) {
                throw new IllegalStateException("no answer from Kafka");
            }
            return Map.copyOf(groups.getOrDefault(groupId, Map.of()));
        }

        void end(final String topic, final int partition, final long offset) {
            ends.put(new TopicPartition(topic, partition), offset);
        }

        void commit(final String group, final String topic, final int partition, final long offset) {
            groups.computeIfAbsent(group, g -> new HashMap<>()).put(new TopicPartition(topic, partition), offset);
        }
    }

    /** A clock that moves only when the test says so. */
    private static final class ManualClock extends Clock {
        private long millis = T0.toEpochMilli();

        void shift(final Duration by) {
            millis += by.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            return this;
        }
    }

    private final Cluster cluster = new Cluster();
    private final ManualClock clock = new ManualClock();
    private final ConsentClock probe = new ConsentClock(cluster,
            new ConsentClock.Sources(List.of(EVENTS), REPARTITION, "consent", STATE, "dispatcher", 2), clock);

    {
        for (int p = 0; p < 2; p++) {
            cluster.end(EVENTS, p, 0);
            cluster.end(REPARTITION, p, 0);
            cluster.end(STATE, p, 0);
        }
    }

    @Test
    void nothingIsKnownBeforeTheFirstProbe() {
        assertThat(probe.currentUpTo(0)).isEqualTo(Long.MIN_VALUE);
        assertThat(probe.currentUpTo(7)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void withNoConsentInputAtAllConsentIsCurrentAtOnce() {
        probe.tick();

        assertThat(probe.currentUpTo(0)).isEqualTo(T0.toEpochMilli());
        assertThat(probe.currentUpTo(1)).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void aNewInputIsCurrentOnlyOnceConsentStreamsAppliedItAndTheDispatcherReadItsOutput() {
        probe.tick();
        clock.shift(Duration.ofSeconds(1));
        cluster.end(EVENTS, 0, 5); // a STOP appended
        final long probed = clock.millis();

        probe.tick();
        assertThat(probe.currentUpTo(0)).as("consent-streams has not applied it").isEqualTo(T0.toEpochMilli());

        cluster.commit("consent", EVENTS, 0, 5);
        cluster.end(REPARTITION, 1, 3);
        probe.tick();
        assertThat(probe.currentUpTo(0)).as("its repartition records are not applied").isEqualTo(T0.toEpochMilli());

        cluster.commit("consent", REPARTITION, 1, 3);
        cluster.end(STATE, 0, 2);
        probe.tick();
        assertThat(probe.currentUpTo(0)).as("the dispatcher has not read the new state").isEqualTo(T0.toEpochMilli());
        assertThat(probe.currentUpTo(1)).as("the other partition has nothing new").isEqualTo(probed);

        cluster.commit("dispatcher", STATE, 0, 2);
        probe.tick();
        assertThat(probe.currentUpTo(0)).isEqualTo(probed);
    }

    @Test
    void whileInputsStayWhereTheyWereEveryProbeMovesTheInstantOnInOneStep() {
        cluster.end(EVENTS, 1, 4);
        cluster.commit("consent", EVENTS, 1, 4);
        probe.tick();
        assertThat(probe.currentUpTo(0)).isEqualTo(T0.toEpochMilli());

        for (int i = 1; i <= 3; i++) {
            clock.shift(Duration.ofMillis(20));
            probe.tick();
            assertThat(probe.currentUpTo(1)).isEqualTo(T0.plusMillis(20L * i).toEpochMilli());
        }
    }

    @Test
    void consentStreamsStoppedMeansTheInstantStaysWhereItWas() {
        probe.tick();
        cluster.end(EVENTS, 0, 1);
        for (int i = 0; i < 50; i++) {
            clock.shift(Duration.ofMillis(20));
            probe.tick();
        }

        assertThat(probe.currentUpTo(0)).isEqualTo(T0.toEpochMilli());
        assertThat(probe.oldestCurrent()).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void kafkaUnreachableMovesNothingAndTheProbeStartsAgainAfterwards() {
        probe.tick();
        cluster.unreachable = true;
        clock.shift(Duration.ofSeconds(5));
        probe.tick();
        assertThat(probe.currentUpTo(0)).isEqualTo(T0.toEpochMilli());

        cluster.unreachable = false;
        probe.tick();
        assertThat(probe.currentUpTo(0)).isEqualTo(T0.plusSeconds(5).toEpochMilli());
    }

    @Test
    void appliedMovesOnceConsentStreamsAppliedTheInputsWhetherOrNotTheDispatcherReadTheOutput() {
        final ConsentClock applied = new ConsentClock(cluster,
                new ConsentClock.Sources(List.of(EVENTS), REPARTITION, "consent", STATE, "dispatcher", 2), clock, false);
        assertThat(applied.appliedUpTo()).as("nothing known yet").isEqualTo(Long.MIN_VALUE);
        applied.tick();
        assertThat(applied.appliedUpTo()).isEqualTo(T0.toEpochMilli());

        clock.shift(Duration.ofSeconds(1));
        cluster.end(EVENTS, 0, 5); // a staff level-down appended
        final long probed = clock.millis();
        applied.tick();
        assertThat(applied.appliedUpTo()).as("consent-streams has not applied it").isEqualTo(T0.toEpochMilli());

        cluster.commit("consent", EVENTS, 0, 5);
        cluster.end(REPARTITION, 1, 3);
        applied.tick();
        assertThat(applied.appliedUpTo()).as("its repartition records are not applied").isEqualTo(T0.toEpochMilli());

        cluster.commit("consent", REPARTITION, 1, 3);
        cluster.end(STATE, 0, 2); // the dispatcher never reads it: the sender's clock does not wait for that
        applied.tick();
        assertThat(applied.appliedUpTo()).isEqualTo(probed);
        assertThat(applied.currentUpTo(0)).as("not the dispatcher's answer").isEqualTo(Long.MIN_VALUE);

        clock.shift(Duration.ofMillis(20));
        applied.tick();
        assertThat(applied.appliedUpTo()).as("inputs unmoved: one step").isEqualTo(probed + 20);
    }

    @Test
    void theDispatchersClockAlsoSaysWhenConsentStreamsHasApplied() {
        probe.tick();
        clock.shift(Duration.ofSeconds(1));
        cluster.end(EVENTS, 0, 5);
        final long probed = clock.millis();
        cluster.commit("consent", EVENTS, 0, 5);
        cluster.end(STATE, 0, 2);
        probe.tick();

        assertThat(probe.appliedUpTo()).isEqualTo(probed);
        assertThat(probe.currentUpTo(0)).as("the dispatcher has not read the new state").isEqualTo(T0.toEpochMilli());
    }
}
