package io.optgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.optgate.testing.TestRecords.consume;
import static io.optgate.testing.TestRecords.produce;
import static io.optgate.testing.TestRecords.unique;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** How a module's tests use the shared in-process broker. */
@RealKafka
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InProcessKafkaClusterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private KafkaCluster clusterOfBeforeAll;

    @BeforeAll
    void remember(final KafkaCluster kafka) {
        clusterOfBeforeAll = kafka;
    }

    @Test
    void everyTestOfTheJvmGetsTheSameSingleNodeCluster(final KafkaCluster kafka) {
        assertThat(kafka).isSameAs(clusterOfBeforeAll);
        assertThat(kafka.nodeCount()).isEqualTo(1);
        assertThat(kafka.bootstrapServers()).isNotBlank();
    }

    @Test
    void recordsProducedToATopicAreConsumedBack(final KafkaCluster kafka) {
        final String topic = unique("greetings");
        kafka.createTopic(topic, 2);

        produce(kafka, topic, List.of("hello", "bonjour", "hallo"));

        assertThat(consume(kafka, topic, unique("reader"), 3)).containsExactlyInAnyOrder("hello", "bonjour", "hallo");
    }

    @Test
    void compactedTopicsAreCreatedWithTheirCleanupPolicy(final KafkaCluster kafka) throws Exception {
        final String topic = unique("consent-state");
        kafka.createCompactedTopic(topic, 1);

        try (Admin admin = kafka.createAdmin()) {
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            final Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void creatingATopicTwiceLeavesTheFirstOneAsItIs(final KafkaCluster kafka) throws Exception {
        final String topic = unique("twice");
        kafka.createTopic(topic, 3);
        kafka.createTopic(topic, 1);

        try (Admin admin = kafka.createAdmin()) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
        }
    }

    @Test
    void awaitNoLagReturnsOnceTheGroupHasCommittedEveryRecord(final KafkaCluster kafka) {
        final String topic = unique("requests");
        final String group = unique("dispatcher");
        kafka.createTopic(topic, 3);
        produce(kafka, topic, List.of("a", "b", "c", "d"));

        consume(kafka, topic, group, 4);

        kafka.awaitNoLag(group, TIMEOUT);
    }

    @Test
    void awaitNoLagFailsNamingTheLaggingPartition(final KafkaCluster kafka) {
        final String topic = unique("slow");
        final String group = unique("laggard");
        kafka.createTopic(topic, 1);
        produce(kafka, topic, List.of("one", "two", "three"));
        commit(kafka, group, new TopicPartition(topic, 0), 1);

        assertThatThrownBy(() -> kafka.awaitNoLag(group, Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Consumer group '" + group + "' still lags")
                .hasMessageContaining(topic + "-0 committed 1 of end 3 (lag 2)");
    }

    @Test
    void awaitNoLagFailsForAGroupThatNeverCommitted(final KafkaCluster kafka) {
        final String group = unique("absent");

        assertThatThrownBy(() -> kafka.awaitNoLag(group, Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("it has committed no offsets");
    }

    @Test
    void topicsAreNotCreatedByWritingToThem(final KafkaCluster kafka) {
        final Map<String, Object> config = kafka.producerConfig();
        config.put("max.block.ms", 1_000);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(unique("never-created"), "x")).get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
    }

    private static void commit(final KafkaCluster kafka, final String group, final TopicPartition partition, final long offset) {
        try (Admin admin = kafka.createAdmin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(partition, new OffsetAndMetadata(offset))).all()
                    .get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (final InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("Could not commit for " + group, e);
        }
    }
}
