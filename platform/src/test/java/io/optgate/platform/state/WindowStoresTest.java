package io.optgate.platform.state;

import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowStoresTest {

    @Test
    void aStoreWhoseRetentionGrowsCanKeepItsSegmentInterval() {
        final var supplier = WindowStores.persistent("s", Duration.ofDays(30), Duration.ofHours(84), Duration.ofDays(7), false);

        assertThat(supplier.retentionPeriod()).isEqualTo(Duration.ofDays(30).toMillis());
        assertThat(supplier.segmentIntervalMs()).isEqualTo(Duration.ofHours(84).toMillis());
        assertThat(supplier.windowSize()).isEqualTo(Duration.ofDays(7).toMillis());
    }

    @Test
    void theDefaultIntervalIsTheOneKafkaStreamsDerives() {
        for (final Duration retention : new Duration[] {Duration.ofDays(7), Duration.ofDays(30), Duration.ofSeconds(10)}) {
            assertThat(WindowStores.defaultSegmentInterval(retention).toMillis())
                    .isEqualTo(Stores.persistentWindowStore("s", retention, retention, false).segmentIntervalMs());
        }
    }

    @Test
    void anIntervalThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> WindowStores.persistent("s", Duration.ofDays(1), Duration.ZERO, Duration.ofDays(1), false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
