package io.optgate.bench;

import io.optgate.bench.BenchSettings.LatencyRun;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchSettingsTest {

    @Test
    void defaultsAreTheDocumentedSuite() {
        final BenchSettings settings = BenchSettings.from(Map.of(), List.of());

        assertThat(settings.broker()).isEqualTo("process");
        assertThat(settings.clients()).isEqualTo(1_000_000);
        assertThat(settings.requests()).isEqualTo(2_000_000);
        assertThat(settings.eosCurve()).containsExactly(25L, 50L, 100L, 1000L);
        assertThat(settings.outageDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.latencyRate()).isEqualTo(500);
        assertThat(settings.latencyDuration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.latencyRuns()).extracting(LatencyRun::label).containsExactly(
                "passthrough, commit.interval.ms=100",
                "passthrough, commit.interval.ms=20",
                "dispatcher, commit.interval.ms=100, default grace",
                "dispatcher, commit.interval.ms=20, default grace",
                "dispatcher, commit.interval.ms=20, grace=0 ms");
        assertThat(settings.phases()).containsExactlyInAnyOrderElementsOf(BenchSettings.PHASES);
        assertThat(settings.output()).isEmpty();
    }

    @Test
    void argumentsWinOverSystemProperties() {
        final BenchSettings settings = BenchSettings.from(
                Map.of("bench.requests", "1000", "bench.clients", "500", "java.version", "17"),
                List.of("--requests=2000", "--latencyRuns=dispatcher:50:250"));

        assertThat(settings.requests()).isEqualTo(2000);
        assertThat(settings.clients()).isEqualTo(500);
        assertThat(settings.latencyRuns()).containsExactly(new LatencyRun("dispatcher", 50, Optional.of(250L)));
    }

    @Test
    void aMisspeltSettingIsRefusedByName() {
        assertThatThrownBy(() -> BenchSettings.from(Map.of(), List.of("--request=5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[request]");
    }

    @Test
    void badValuesAreRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> BenchSettings.from(Map.of(), List.of("--latencyDuration=20s")))
                .hasMessageContaining("bench.latencyDuration");
        assertThatThrownBy(() -> BenchSettings.from(Map.of(), List.of("--broker=docker")))
                .hasMessageContaining("bench.broker");
        assertThatThrownBy(() -> BenchSettings.from(Map.of(), List.of("--latencyRuns=passthrough:100:0")))
                .hasMessageContaining("only the dispatcher has a grace period");
        assertThatThrownBy(() -> BenchSettings.from(Map.of(), List.of("--phases=throughput,warp")))
                .hasMessageContaining("bench.phases");
    }
}
