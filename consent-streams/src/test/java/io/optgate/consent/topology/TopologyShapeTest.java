package io.optgate.consent.topology;

import org.apache.kafka.streams.TopologyDescription;
import io.optgate.consent.numbers.PhonePracticesTopology;
import io.optgate.consent.numbers.SendingNumberTopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyShapeTest {

    @TempDir
    Path stateDir;

    @Test
    void everyStoreAndInternalTopicIsNamedAndAPracticeIsDecidedInOneSubtopology() {
        try (ConsentDriver kit = new ConsentDriver(stateDir)) {
            final TopologyDescription description = kit.topology.describe();
            final Set<String> stores = new HashSet<>();
            final Set<String> sources = new HashSet<>();
            for (final TopologyDescription.Subtopology subtopology : description.subtopologies()) {
                for (final TopologyDescription.Node node : subtopology.nodes()) {
                    if (node instanceof TopologyDescription.Processor processor) {
                        stores.addAll(processor.stores());
                    }
                    if (node instanceof TopologyDescription.Source source) {
                        sources.addAll(source.topicSet());
                    }
                }
            }
            assertThat(stores).containsExactlyInAnyOrder(ConsentStores.CLIENTS, ConsentStores.NOTES, ConsentStores.NOTE_SEQUENCE,
                    ConsentStores.PHONE_INDEX, ConsentStores.PHONE_STATE, ConsentStores.SETTINGS, ConsentStores.PROCESSED,
                    ConsentStores.DEADLINES, SendingNumberTopology.OWNERS, PhonePracticesTopology.CLIENTS,
                    PhonePracticesTopology.COUNTS);
            assertThat(sources).containsExactlyInAnyOrder("consent.events", "consent.phone-events", "consent.settings",
                    ConsentTopology.REPARTITION + "-repartition", "consent.number-claims", "consent.state",
                    "phone-practices-by-phone-repartition");
            // The practice's rules, the sending numbers' owner (one task per number), the practices of a number.
            assertThat(description.subtopologies()).hasSize(5);
            assertThat(description.globalStores()).singleElement()
                    .satisfies(global -> assertThat(global.source().topicSet()).containsExactly("consent.sending-numbers"));
        }
    }
}
