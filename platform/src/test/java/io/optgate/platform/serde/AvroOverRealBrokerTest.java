package io.optgate.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.MessageRequest;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Avro records cross a real broker in the Schema Registry wire format and come back equal. */
@RealKafka
class AvroOverRealBrokerTest {

    private static final String TOPIC = "serde-it.message.requests";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String registryUrl = "mock://avro-over-real-broker-" + UUID.randomUUID();

    @BeforeAll
    static void createTopic(final KafkaCluster kafka) {
        kafka.createTopic(TOPIC, 3);
    }

    @Test
    void recordsProducedByClassNameConfigAreReadBackEqualAndInTheWireFormat(final KafkaCluster kafka)
        throws ExecutionException, InterruptedException {
        final Map<String, MessageRequest> sent = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            sent.put("vet-42:client-" + i, request("req-" + i));
        }
        sent.put("vet-42:client-gone", null);

        produce(kafka, sent);

        final Deserializer<MessageRequest> deserializer = AvroSerdes.forUrl(registryUrl).value(MessageRequest.class).deserializer();
        final Map<String, MessageRequest> received = new HashMap<>();
        for (final ConsumerRecord<String, byte[]> record : consumeRaw(kafka, sent.size())) {
            if (record.value() != null) {
                assertThat(record.value()[0]).as("magic byte").isZero();
                assertThat(WireFormat.schemaId(record.value()))
                    .isEqualTo(SchemaRegistryClients.forUrl(registryUrl).register(TOPIC + "-value", MessageRequest.getClassSchema()));
            }
            received.put(record.key(), deserializer.deserialize(record.topic(), record.value()));
        }
        assertThat(received).isEqualTo(sent);
    }

    private void produce(final KafkaCluster kafka, final Map<String, MessageRequest> records)
        throws ExecutionException, InterruptedException {
        final Map<String, Object> config = kafka.producerConfig();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        try (KafkaProducer<String, MessageRequest> producer = new KafkaProducer<>(config)) {
            for (final Map.Entry<String, MessageRequest> record : records.entrySet()) {
                producer.send(new ProducerRecord<>(TOPIC, record.getKey(), record.getValue())).get();
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> consumeRaw(final KafkaCluster kafka, final int count) {
        final Map<String, Object> config = kafka.consumerConfig("serde-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }

    private static MessageRequest request(final String requestId) {
        return MessageRequest.newBuilder()
            .setRequestId(requestId).setTenantId("vet-42").setClientId("client").setTo("+15551234567")
            .setChannel(Channel.SMS).setCategory(Category.FULL_TRANSACTIONAL).setBody("Your refill is ready")
            .setRequestedAt(Instant.parse("2025-03-01T09:30:00Z")).build();
    }
}
