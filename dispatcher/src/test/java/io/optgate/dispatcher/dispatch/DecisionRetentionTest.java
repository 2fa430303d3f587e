package io.optgate.dispatcher.dispatch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** How long the request-ids store keeps decisions, and in which segments. */
class DecisionRetentionTest {

    @Test
    void decisionsAreKeptForTheStatusRetentionInTheSegmentsTheDuplicateWindowGaveThemBefore() {
        assertThat(DispatchTuning.DEFAULTS.decisionRetention()).isEqualTo(Duration.ofDays(30));
        // 7 days / 2, as Stores.persistentWindowStore derived it when the retention was the duplicate window.
        assertThat(DispatchTuning.DEFAULTS.decisionSegmentInterval()).isEqualTo(Duration.ofHours(84));
    }

    @Test
    void aDuplicateWindowLongerThanTheStatusRetentionIsKept() {
        final DispatchTuning tuning = new DispatchTuning(Duration.ZERO, Duration.ofDays(60), Duration.ofDays(1), Duration.ofDays(30));

        assertThat(tuning.decisionRetention()).isEqualTo(Duration.ofDays(60));
        assertThat(tuning.decisionSegmentInterval()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aShortDuplicateWindowDoesNotMakeThousandsOfSegments() {
        final DispatchTuning tuning = new DispatchTuning(Duration.ZERO, Duration.ofMinutes(10), Duration.ofDays(1), Duration.ofDays(30));

        assertThat(tuning.decisionSegmentInterval()).isEqualTo(Duration.ofDays(30).dividedBy(100));
    }
}
