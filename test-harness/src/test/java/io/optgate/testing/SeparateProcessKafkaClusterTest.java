package io.optgate.testing;

import static io.optgate.testing.TestRecords.consume;
import static io.optgate.testing.TestRecords.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** How a test kills a broker of a three-node cluster whose nodes are separate JVMs. */
@RealKafka(nodes = 3, separateProcesses = true)
class SeparateProcessKafkaClusterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aTopicReplicatedThreeTimesKeepsTakingAndServingRecordsWhileItsLeaderIsKilled(final ProcessKafkaCluster kafka)
            throws Exception {
        final String topic = unique("orders");
        final String group = unique("order-readers");
        kafka.createTopic(topic, 3);
        final int leader = describe(kafka, topic).partitions().get(0).leader().id();
        assertThat(describe(kafka, topic).partitions()).allSatisfy(partition -> assertThat(partition.isr()).hasSize(3));

        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), new StringSerializer())) {
            sendAll(producer, topic, 0, 50);

            kafka.killBroker(leader);

            // acks=all with min.insync.replicas=2: the two survivors acknowledge on their own.
            sendAll(producer, topic, 50, 100);
        }

        assertThat(consume(kafka, topic, group, 100)).containsExactlyInAnyOrderElementsOf(values(0, 100));
        kafka.awaitNoLag(group, TIMEOUT);
        // Each survivor applies the new leadership on its own time; the one a describe reaches may lag.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(describe(kafka, topic).partitions())
                .allSatisfy(partition -> assertThat(partition.leader().id()).isNotEqualTo(leader)));

        kafka.restartBroker(leader);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(describe(kafka, topic).partitions())
                .allSatisfy(partition -> assertThat(partition.isr()).hasSize(3)));
    }

    private static void sendAll(final KafkaProducer<String, String> producer, final String topic,
                                final int from, final int to) throws Exception {
        for (final String value : values(from, to)) {
            producer.send(new ProducerRecord<>(topic, value, value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static List<String> values(final int from, final int to) {
        return IntStream.range(from, to).mapToObj(i -> "order-" + i).toList();
    }

    private static TopicDescription describe(final KafkaCluster kafka, final String topic) throws Exception {
        try (Admin admin = kafka.createAdmin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        }
    }
}
