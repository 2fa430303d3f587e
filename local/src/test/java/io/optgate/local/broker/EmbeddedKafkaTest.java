package io.optgate.local.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaTest {

    @TempDir
    Path dataDir;

    @Test
    void secondStartOnTheSameDataDirResumesClusterTopicsAndRecords() throws Exception {
        final int port = freePort();
        final String firstClusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port)) {
            assertThat(kafka.resumed()).isFalse();
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            firstClusterId = kafka.clusterId();
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic("kept", 3, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = producer(kafka)) {
                producer.send(new ProducerRecord<>("kept", 1, "a:1", "written before the restart")).get();
            }
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port)) {
            assertThat(kafka.resumed()).isTrue();
            assertThat(kafka.clusterId()).isEqualTo(firstClusterId);
            try (Admin admin = admin(kafka)) {
                assertThat(admin.describeTopics(Set.of("kept")).allTopicNames().get().get("kept").partitions())
                        .hasSize(3);
            }
            assertThat(readAll(kafka, new TopicPartition("kept", 1))).containsExactly("written before the restart");
        }
    }

    @Test
    void aTakenPortIsRefusedWithTheVariableToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedKafka.start(dataDir, taken.getLocalPort()))
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining("OPTGATE_LOCAL_KAFKA_PORT");
        }
    }

    private static List<String> readAll(final EmbeddedKafka kafka, final TopicPartition tp) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            final List<String> values = new ArrayList<>();
            final long end = consumer.endOffsets(List.of(tp)).get(tp);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }

    private static Admin admin(final EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(final EmbeddedKafka kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The broker port was picked free by the caller and let go, so the OS may offer it again. */
    @Test
    void theControllerNeverGetsTheBrokersPort() {
        final Iterator<Integer> offered = List.of(40119, 40119, 40120).iterator();

        assertThat(EmbeddedKafka.freePortOtherThan(40119, offered::next)).isEqualTo(40120);
    }
}
