package io.optgate.platform.topics;

import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@RealKafka
class TopicProvisionerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void missingTopicsAreCreatedAsDefined(final KafkaCluster kafka) throws Exception {
        final TopicDefinition state = TopicDefinition.compacted("provision-new.state", 3);
        final TopicDefinition events = TopicDefinition.of("provision-new.events", 2).withConfig("retention.ms", "3600000");

        try (Admin admin = kafka.createAdmin()) {
            final TopicProvisioner.Result result = new TopicProvisioner(admin, TIMEOUT).provision(List.of(state, events));

            assertThat(result.created()).containsExactlyInAnyOrder("provision-new.state", "provision-new.events");
            assertThat(result.verified()).isEmpty();
            assertThat(partitions(admin, "provision-new.state")).isEqualTo(3);
            assertThat(config(admin, "provision-new.state", "cleanup.policy")).isEqualTo("compact");
            assertThat(partitions(admin, "provision-new.events")).isEqualTo(2);
            assertThat(config(admin, "provision-new.events", "retention.ms")).isEqualTo("3600000");
        }
    }

    @Test
    void topicsThatMatchAreOnlyVerified(final KafkaCluster kafka) {
        kafka.createCompactedTopic("provision-existing.state", 2);
        final TopicDefinition definition = TopicDefinition.compacted("provision-existing.state", 2);

        try (Admin admin = kafka.createAdmin()) {
            final TopicProvisioner.Result result = new TopicProvisioner(admin, TIMEOUT).provision(List.of(definition));

            assertThat(result.created()).isEmpty();
            assertThat(result.verified()).containsExactly("provision-existing.state");
            assertThat(result.warnings()).isEmpty();
        }
    }

    @Test
    void everyMismatchOfEveryTopicIsNamedWithExpectedAndActualValues(final KafkaCluster kafka) {
        kafka.createTopic("provision-wrong.state", 1);
        kafka.createCompactedTopic("provision-wrong.events", 4);
        final List<TopicDefinition> definitions = List.of(
                TopicDefinition.compacted("provision-wrong.state", 3),
                TopicDefinition.of("provision-wrong.events", 4));

        try (Admin admin = kafka.createAdmin()) {
            assertThatThrownBy(() -> new TopicProvisioner(admin, TIMEOUT).provision(definitions))
                    .isInstanceOfSatisfying(TopicProvisioner.MismatchException.class, e -> {
                        assertThat(e.mismatches()).containsExactly(
                                new TopicProvisioner.Mismatch("provision-wrong.state", "partitions", "3", "1"),
                                new TopicProvisioner.Mismatch("provision-wrong.state", "cleanup.policy", "compact", "delete"),
                                new TopicProvisioner.Mismatch("provision-wrong.events", "cleanup.policy", "delete", "compact"));
                        assertThat(e).hasMessage("""
                                Topics do not match their definitions:
                                  - provision-wrong.state: partitions expected 3, actual 1
                                  - provision-wrong.state: cleanup.policy expected compact, actual delete
                                  - provision-wrong.events: cleanup.policy expected delete, actual compact""");
                    });
        }
    }

    @Test
    void otherTunedSettingsAreToleratedAsWarnings(final KafkaCluster kafka) {
        kafka.createTopic("provision-tuned.events", 2, Map.of("retention.ms", "86400000"));
        final TopicDefinition definition = TopicDefinition.of("provision-tuned.events", 2)
                .withConfig("retention.ms", "3600000")
                .withReplicationFactor(3);

        try (Admin admin = kafka.createAdmin()) {
            final TopicProvisioner.Result result = new TopicProvisioner(admin, TIMEOUT).provision(List.of(definition));

            assertThat(result.verified()).containsExactly("provision-tuned.events");
            assertThat(result.warnings()).containsExactlyInAnyOrder(
                    new TopicProvisioner.Mismatch("provision-tuned.events", "retention.ms", "3600000", "86400000"),
                    new TopicProvisioner.Mismatch("provision-tuned.events", "replication factor", "3", "1"));
        }
    }

    @Test
    void anotherInstanceCreatingTheTopicAtTheSameMomentIsFine(final KafkaCluster kafka) {
        final TopicDefinition definition = TopicDefinition.compacted("provision-race.state", 2);

        try (Admin admin = new AdminThatLosesTheRace(kafka, definition)) {
            final TopicProvisioner.Result result = new TopicProvisioner(admin, TIMEOUT).provision(List.of(definition));

            assertThat(result.created()).isEmpty();
            assertThat(result.verified()).containsExactly("provision-race.state");
        }
    }

    @Test
    void aDefinitionGivenTwiceIsAProgrammingError(final KafkaCluster kafka) {
        try (Admin admin = kafka.createAdmin()) {
            assertThatThrownBy(() -> new TopicProvisioner(admin, TIMEOUT).provision(List.of(
                    TopicDefinition.of("provision-twice", 1), TopicDefinition.of("provision-twice", 2))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("topic provision-twice is defined twice");
        }
    }

    private static int partitions(final Admin admin, final String topic) throws ExecutionException, InterruptedException {
        final TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return description.partitions().size();
    }

    private static String config(final Admin admin, final String topic, final String key)
            throws ExecutionException, InterruptedException {
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(key).value();
    }

    /** Lists topics before another instance creates {@code definition}, so that our creation then finds it existing. */
    private static final class AdminThatLosesTheRace extends ForwardingAdmin {
        private final KafkaCluster kafka;
        private final TopicDefinition definition;

        AdminThatLosesTheRace(final KafkaCluster kafka, final TopicDefinition definition) {
            super(kafka.clientConfig());
            this.kafka = kafka;
            this.definition = definition;
        }

        @Override
        public ListTopicsResult listTopics(final ListTopicsOptions options) {
            final ListTopicsResult listing = super.listTopics(options);
            try {
                listing.names().get();
            } catch (final InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
            kafka.createTopics(List.of(new NewTopic(definition.name(), Optional.of(definition.partitions()), Optional.empty())
                    .configs(definition.configs())));
            return listing;
        }
    }
}
