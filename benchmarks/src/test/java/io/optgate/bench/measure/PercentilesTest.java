package io.optgate.bench.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {

    @Test
    void nearestRankOfAHundredValues() {
        final long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (100 - i) * 1_000_000L;
        }

        final Percentiles percentiles = Percentiles.ofNanos(nanos);

        assertThat(percentiles.count()).isEqualTo(100);
        assertThat(percentiles.p50Ms()).isEqualTo(50.0);
        assertThat(percentiles.p95Ms()).isEqualTo(95.0);
        assertThat(percentiles.p99Ms()).isEqualTo(99.0);
        assertThat(percentiles.maxMs()).isEqualTo(100.0);
    }

    @Test
    void noValuesGiveZeros() {
        assertThat(Percentiles.ofNanos(new long[0])).isEqualTo(new Percentiles(0, 0, 0, 0, 0));
    }

    @Test
    void oneValueIsEveryPercentile() {
        assertThat(Percentiles.ofNanos(new long[] {7_500_000L})).isEqualTo(new Percentiles(1, 7.5, 7.5, 7.5, 7.5));
    }
}
