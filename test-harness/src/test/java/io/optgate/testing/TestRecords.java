package io.optgate.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain string records in and out of a test cluster. */
final class TestRecords {

    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

    private TestRecords() {
    }

    /** A name no other test of the shared cluster uses. */
    static String unique(final String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Sends each value (also as its key) and waits for every acknowledgement. */
    static void produce(final KafkaCluster kafka, final String topic, final List<String> values) {
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), new StringSerializer())) {
            for (final String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get();
            }
        } catch (final InterruptedException | ExecutionException e) {
            throw new AssertionError("Could not produce to " + topic, e);
        }
    }

    /** Reads up to {@code count} values in group {@code group} (bounded), then commits the position. */
    static List<String> consume(final KafkaCluster kafka, final String topic, final String group, final int count) {
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(kafka.consumerConfig(group), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
            while (values.size() < count && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
            consumer.commitSync();
        }
        return values;
    }
}
