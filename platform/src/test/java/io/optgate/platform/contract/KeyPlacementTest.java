package io.optgate.platform.contract;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyPlacementTest {

    @Test
    void placesAKeyWhereTheJavaProducerPutsIt() {
        for (int i = 0; i < 200; i++) {
            final String key = "vet-" + (i % 7) + ":client-" + i;
            for (final int partitions : new int[] {1, 3, 6, 12}) {
                assertThat(KeyPlacement.partition(key, partitions))
                        .as("%s among %d", key, partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void aRecordIsPlacedOnlyUnderItsOwnersKeyInThatKeysPartition() {
        final String owner = "vet-a:c-1";
        final int home = KeyPlacement.partition(owner, 6);

        assertThat(KeyPlacement.isPlaced(owner, owner, home, 6)).isTrue();
        assertThat(KeyPlacement.isPlaced(owner, owner, (home + 1) % 6, 6)).as("another partition").isFalse();
        assertThat(KeyPlacement.isPlaced(null, owner, home, 6)).as("no key").isFalse();
        assertThat(KeyPlacement.isPlaced("vet-a:c-2", owner, home, 6)).as("another key").isFalse();
    }

    @Test
    void refusesAPartitionCountBelowOne() {
        assertThatThrownBy(() -> KeyPlacement.partition("vet-a:c-1", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
