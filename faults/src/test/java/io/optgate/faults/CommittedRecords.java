package io.optgate.faults;

import io.optgate.testing.Deadline;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a whole topic as a {@code read_committed} consumer sees it: every partition from the
 * beginning up to its last stable offset, no consumer group. Aborted transactions (a killed
 * instance's open work) are not read, which is what exactly-once promises to readers.
 */
final class CommittedRecords {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    private CommittedRecords() {
    }

    static <V> List<ConsumerRecord<String, V>> read(final String bootstrapServers, final Map<String, Object> security,
                                                     final String topic, final Deserializer<V> values) {
        final Map<String, Object> config = new HashMap<>(security);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        final List<ConsumerRecord<String, V>> records = new ArrayList<>();
        final Deadline deadline = Deadline.after(READ_TIMEOUT);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (!reached(consumer, end)) {
                if (deadline.expired()) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + READ_TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /** The topics whose names end in {@code .dlq}, with every record's headers. */
    static List<ConsumerRecord<String, byte[]>> readRaw(final String bootstrapServers, final Map<String, Object> security,
                                                         final String topic) {
        return read(bootstrapServers, security, topic, new ByteArrayDeserializer());
    }

    private static boolean reached(final KafkaConsumer<?, ?> consumer, final Map<TopicPartition, Long> end) {
        final Set<TopicPartition> behind = end.entrySet().stream()
                .filter(entry -> consumer.position(entry.getKey()) < entry.getValue())
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        return behind.isEmpty();
    }
}
