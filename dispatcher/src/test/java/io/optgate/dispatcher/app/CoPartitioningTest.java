package io.optgate.dispatcher.app;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoPartitioningTest {

    @Test
    void withNoTopicYetTheConfiguredCountIsUsed() {
        assertThat(CoPartitioning.partitions(Map.of(), 6)).isEqualTo(6);
    }

    @Test
    void existingTopicsSetTheCount() {
        assertThat(CoPartitioning.partitions(Map.of("message.requests", 12), 6)).isEqualTo(12);
        assertThat(CoPartitioning.partitions(Map.of("message.requests", 3, "consent.state", 3), 6)).isEqualTo(3);
    }

    @Test
    void differentCountsStopStartUpNamingTheTopicsAndCounts() {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("message.requests", 6);
        counts.put("consent.state", 3);

        assertThatThrownBy(() -> CoPartitioning.partitions(counts, 6))
                .isInstanceOf(CoPartitioning.MismatchException.class)
                .hasMessageContaining("message.requests has 6")
                .hasMessageContaining("consent.state has 3");
    }
}
