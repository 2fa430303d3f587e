package io.optgate.platform.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.optgate.schema.MessageRequest;
import io.optgate.testing.ProcessKafkaCluster;
import io.optgate.testing.RealKafka;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/**
 * The same wire-format round trip across a process boundary: the broker runs in its own JVM, is
 * killed with SIGKILL after the writes were acknowledged, and the records read back after its
 * restart are the ones written.
 */
@RealKafka(separateProcesses = true)
class AvroAcrossBrokerRestartTest {

    private static final String TOPIC = "serde-it.restart.message.requests";

    private final String registryUrl = "mock://avro-across-restart-" + UUID.randomUUID();

    @Test
    void acknowledgedRecordsSurviveAKilledBrokerAndReadBackEqual(final ProcessKafkaCluster kafka) throws Exception {
        kafka.createTopic(TOPIC, 2);
        final Map<String, MessageRequest> sent = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            sent.put("vet-7:client-" + i, AvroOverRealBrokerTest.request("restart-" + i));
        }
        AvroTopicIO.produce(kafka, TOPIC, registryUrl, sent);

        final int node = kafka.nodeIds().get(0);
        kafka.killBroker(node);
        kafka.restartBroker(node);

        final Deserializer<MessageRequest> deserializer = AvroSerdes.forUrl(registryUrl).value(MessageRequest.class).deserializer();
        final Map<String, MessageRequest> received = new HashMap<>();
        for (final ConsumerRecord<String, byte[]> record : AvroTopicIO.consumeRaw(kafka, TOPIC, sent.size())) {
            assertThat(record.value()[0]).as("magic byte").isZero();
            received.put(record.key(), deserializer.deserialize(record.topic(), record.value()));
        }
        assertThat(received).isEqualTo(sent);
    }
}
