package io.optgate.platform.runner;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class StoreRestoreLogTest {

    private static final TopicPartition CHANGELOG = new TopicPartition("app-decisions-changelog", 2);

    @Test
    void restoredRecordsAndTheTimeTakenAreCountedPerStore() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final StoreRestoreLog log = new StoreRestoreLog("dispatcher", registry);

        log.onRestoreStart(CHANGELOG, "decisions", 0, 1500);
        log.onBatchRestored(CHANGELOG, "decisions", 999, 1000);
        log.onBatchRestored(CHANGELOG, "decisions", 1499, 500);
        log.onRestoreEnd(CHANGELOG, "decisions", 1500);

        assertThat(registry.get(StoreRestoreLog.RECORDS).tag("app", "dispatcher").tag("store", "decisions").counter().count())
                .isEqualTo(1500.0);
        assertThat(registry.get(StoreRestoreLog.TIME).tag("store", "decisions").timer().count()).isEqualTo(1);
    }

    @Test
    void anEmptyChangelogAsOnAFirstStartIsNeitherTimedNorCounted() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final StoreRestoreLog log = new StoreRestoreLog("dispatcher", registry);

        log.onRestoreStart(CHANGELOG, "decisions", 0, 0);
        log.onBatchRestored(CHANGELOG, "decisions", 0, 0);
        log.onRestoreEnd(CHANGELOG, "decisions", 0);

        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void aSuspendedOrUnannouncedRestoreIsToleratedAndWithoutMetersOnlyLogged() {
        final StoreRestoreLog withMeters = new StoreRestoreLog("dispatcher", new SimpleMeterRegistry());
        final StoreRestoreLog logOnly = new StoreRestoreLog("dispatcher", null);

        assertThatCode(() -> {
            withMeters.onRestoreStart(CHANGELOG, "decisions", 10, 20);
            withMeters.onRestoreSuspended(CHANGELOG, "decisions", 5);
            withMeters.onRestoreEnd(CHANGELOG, "decisions", 3);
            logOnly.onRestoreStart(CHANGELOG, "decisions", 10, 20);
            logOnly.onBatchRestored(CHANGELOG, "decisions", 19, 10);
            logOnly.onRestoreEnd(CHANGELOG, "decisions", 10);
        }).doesNotThrowAnyException();
    }
}
