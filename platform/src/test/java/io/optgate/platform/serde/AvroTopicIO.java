package io.optgate.platform.serde;

import static org.awaitility.Awaitility.await;

import io.optgate.testing.KafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;

/** Writes Avro records with the serde configured by class name, and reads them back as raw bytes. */
final class AvroTopicIO {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private AvroTopicIO() {
    }

    static <V extends SpecificRecord> void produce(final KafkaCluster kafka, final String topic, final String registryUrl,
                                                   final Map<String, V> records)
        throws ExecutionException, InterruptedException {
        final Map<String, Object> config = kafka.producerConfig();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(config)) {
            for (final Map.Entry<String, V> record : records.entrySet()) {
                producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())).get();
            }
        }
    }

    static List<ConsumerRecord<String, byte[]>> consumeRaw(final KafkaCluster kafka, final String topic, final int count) {
        final Map<String, Object> config = kafka.consumerConfig("serde-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }
}
