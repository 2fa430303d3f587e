package io.optgate.platform.topics;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoPartitioningTest {

    @Test
    void withNoTopicYetTheConfiguredCountIsUsed() {
        assertThat(CoPartitioning.partitions(Map.of(), OptionalInt.empty(), 6)).isEqualTo(6);
    }

    @Test
    void existingTopicsSetTheCount() {
        assertThat(CoPartitioning.partitions(Map.of(), OptionalInt.of(12), 6)).as("message.requests alone").isEqualTo(12);
        assertThat(CoPartitioning.partitions(Map.of("consent.state", 3), OptionalInt.empty(), 6)).isEqualTo(3);
        assertThat(CoPartitioning.partitions(Map.of("consent.state", 3, "dispatch.deliveries", 3), OptionalInt.of(3), 6)).isEqualTo(3);
    }

    @Test
    void theConsentsCountWinsOverADifferentRequestCountWithAWarning() {
        assertThat(CoPartitioning.partitions(Map.of("consent.state", 3), OptionalInt.of(12), 6)).isEqualTo(3);

        assertThat(CoPartitioning.requestsWarning("message.requests", OptionalInt.of(12), 3)).hasValueSatisfying(warning ->
                assertThat(warning).contains("message.requests has 12 partitions and consent.state 3").contains("re-routed"));
        assertThat(CoPartitioning.requestsWarning("message.requests", OptionalInt.of(3), 3)).isEmpty();
        assertThat(CoPartitioning.requestsWarning("message.requests", OptionalInt.empty(), 3)).isEmpty();
    }

    @Test
    void differentJoinedCountsStopStartUpNamingTheTopicsAndCounts() {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("consent.state", 6);
        counts.put("dispatch.deliveries", 3);

        assertThatThrownBy(() -> CoPartitioning.partitions(counts, OptionalInt.of(6), 6))
                .isInstanceOf(CoPartitioning.MismatchException.class)
                .hasMessageContaining("consent.state has 6")
                .hasMessageContaining("dispatch.deliveries has 3");
    }
}
