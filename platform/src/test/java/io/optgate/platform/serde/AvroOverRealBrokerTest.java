package io.optgate.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.MessageRequest;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Avro records cross a real broker in the Schema Registry wire format and come back equal. */
@RealKafka
class AvroOverRealBrokerTest {

    private static final String TOPIC = "serde-it.message.requests";
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

        AvroTopicIO.produce(kafka, TOPIC, registryUrl, sent);

        final Deserializer<MessageRequest> deserializer = AvroSerdes.forUrl(registryUrl).value(MessageRequest.class).deserializer();
        final Map<String, MessageRequest> received = new HashMap<>();
        for (final ConsumerRecord<String, byte[]> record : AvroTopicIO.consumeRaw(kafka, TOPIC, sent.size())) {
            if (record.value() != null) {
                assertThat(record.value()[0]).as("magic byte").isZero();
                assertThat(WireFormat.schemaId(record.value()))
                    .isEqualTo(SchemaRegistryClients.forUrl(registryUrl).register(TOPIC + "-value", MessageRequest.getClassSchema()));
            }
            received.put(record.key(), deserializer.deserialize(record.topic(), record.value()));
        }
        assertThat(received).isEqualTo(sent);
    }

    static MessageRequest request(final String requestId) {
        return MessageRequest.newBuilder()
            .setRequestId(requestId).setTenantId("vet-42").setClientId("client").setTo("+15551234567")
            .setChannel(Channel.SMS).setCategory(Category.FULL_TRANSACTIONAL).setBody("Your refill is ready")
            .setRequestedAt(Instant.parse("2025-03-01T09:30:00Z")).build();
    }
}
