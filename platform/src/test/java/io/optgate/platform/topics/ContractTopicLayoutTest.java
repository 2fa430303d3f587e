package io.optgate.platform.topics;

import io.optgate.schema.Channel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractTopicLayoutTest {

    private final TopicNames names = TopicNames.defaults();

    @Test
    void everyContractTopicAndTheDeadLetterTopicOfEachOneReadIsDefinedOnce() {
        final Map<String, TopicDefinition> byName = byName(ContractTopicLayout.definitions(names, 6, Map.of()));

        assertThat(byName).containsKeys(names.all().toArray(String[]::new));
        assertThat(byName).containsKeys("consent.events.dlq", "consent.phone-events.dlq", "consent.settings.dlq",
                "message.requests.dlq", "dispatch.deliveries.dlq", "dispatch.outbound.sms.dlq");
        assertThat(byName.values()).allSatisfy(definition -> assertThat(definition.partitions()).isEqualTo(6));
        assertThat(byName.get("consent.state").cleanupPolicy()).isEqualTo("compact");
        assertThat(byName.get("consent.settings").cleanupPolicy()).isEqualTo("compact");
        assertThat(byName.get("consent.events").cleanupPolicy()).isEqualTo("delete");
        assertThat(byName.get("dispatch.decisions").cleanupPolicy()).isEqualTo("delete");
    }

    @Test
    void placedTopicsTakeTheSharedCountAndTheOthersKeepTheirs() {
        final Map<String, Integer> existing = Map.of("message.requests", 12, "consent.settings", 1, "dispatch.decisions", 2);

        final Map<String, TopicDefinition> byName = byName(ContractTopicLayout.definitions(names, 3, existing));

        assertThat(byName.get("message.requests").partitions()).isEqualTo(12);
        assertThat(byName.get("consent.settings").partitions()).isEqualTo(1);
        assertThat(byName.get("dispatch.decisions").partitions())
                .as("placed by client key: a different count is a mismatch the provisioner reports").isEqualTo(3);
        assertThat(byName.get(names.outbound(Channel.SMS)).partitions()).isEqualTo(3);
        assertThat(byName.get("consent.phone-events").partitions()).as("missing: the shared count").isEqualTo(3);
    }

    @Test
    void theSharedCountComesFromTheExistingPlacedTopicsThenTheRequestsThenTheSetting() {
        assertThat(ContractTopicLayout.partitions(names, Map.of(), 6)).isEqualTo(6);
        assertThat(ContractTopicLayout.partitions(names, Map.of("message.requests", 4), 6)).isEqualTo(4);
        assertThat(ContractTopicLayout.partitions(names, Map.of("message.requests", 4, "consent.events", 2), 6)).isEqualTo(2);
        assertThatThrownBy(() -> ContractTopicLayout.partitions(names, Map.of("consent.events", 2, "consent.state", 3), 6))
                .isInstanceOf(CoPartitioning.MismatchException.class)
                .hasMessageContaining("consent.events has 2").hasMessageContaining("consent.state has 3");
    }

    private static Map<String, TopicDefinition> byName(final List<TopicDefinition> definitions) {
        return definitions.stream().collect(Collectors.toMap(TopicDefinition::name, Function.identity()));
    }
}
