package io.optgate.consent.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.optgate.platform.contract.Identifiers;
import io.optgate.platform.contract.KeyPlacement;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.platform.topics.TopicNames;
import io.optgate.schema.Actor;
import io.optgate.schema.ActorType;
import io.optgate.schema.ConsentEvent;
import io.optgate.schema.SmsLevel;
import io.optgate.schema.SmsLevelRequested;
import io.optgate.testing.ConsistentRandomPartitioner;
import io.optgate.testing.KafkaCluster;
import io.optgate.testing.RealKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.optgate.consent.app.ConsentInstance.TENANT_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consent events written as an upstream practice system writes them, on a real broker: with
 * librdkafka's default partitioner (CRC32 of the key), with no key, and under another client's
 * key. Each changes the consent of the client its value names, as if the Java client had written
 * it under that client's key.
 */
@RealKafka
class AnyProducerConsentBrokerTest {

    private static final String TENANT = "happy-paws";
    private static final int PARTITIONS = 3;
    private static final Actor STAFF = new Actor(ActorType.STAFF, "u-17", "Dr. Jane Smith");

    @TempDir
    Path dataDir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String prefix = "any-" + run + "-";
    private final String registry = "any-consent-" + run;
    private ConsentInstance consent;

    @AfterEach
    void stop() {
        if (consent != null) {
            consent.close();
        }
        SchemaRegistryClients.dropMockScope(registry);
    }

    @Test
    void consentEventsFromAnyPartitionerOrKeyChangeTheClientTheyName(final KafkaCluster kafka) {
        consent = new ConsentInstance(kafka, prefix, registry, dataDir, PARTITIONS);
        await().atMost(Duration.ofSeconds(60)).until(consent::isRunning);
        final String crc = IntStream.range(0, 100).mapToObj(n -> "crc-" + n)
                .filter(c -> ConsistentRandomPartitioner.partitionOf(key(c), PARTITIONS) != KeyPlacement.partition(key(c), PARTITIONS))
                .findFirst().orElseThrow();
        final String bystander = "bystander-1";

        final Map<String, Object> config = ConsistentRandomPartitioner.producerConfig(kafka.producerConfig());
        try (KafkaProducer<String, ConsentEvent> librdkafka = new KafkaProducer<>(config, new StringSerializer(),
                new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + registry)).value(ConsentEvent.class).serializer())) {
            final String topic = prefix + TopicNames.CONSENT_EVENTS;
            // Two changes of one client, keyed: one partition, so in order.
            librdkafka.send(new ProducerRecord<>(topic, key(crc), full(crc, "+15550120001")));
            librdkafka.send(new ProducerRecord<>(topic, key(crc), level(crc, SmsLevel.OPTED_OUT)));
            librdkafka.send(new ProducerRecord<>(topic, null, full("no-key-1", "+15550120002")));
            librdkafka.send(new ProducerRecord<>(topic, key(bystander), full("wrong-key-1", "+15550120003")));
        }

        final Map<String, String> expected = new TreeMap<>(Map.of(
                crc, "OPTED_OUT",
                "no-key-1", "FULL_TRANSACTIONAL +15550120002",
                "wrong-key-1", "FULL_TRANSACTIONAL +15550120003",
                bystander, "BASIC_TRANSACTIONAL default"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(states(expected)).isEqualTo(expected));
    }

    @Test
    void aMessageRequestsTopicWithAnotherPartitionCountDoesNotStopStartUp(final KafkaCluster kafka) {
        kafka.createTopic(prefix + TopicNames.MESSAGE_REQUESTS, PARTITIONS + 2);

        consent = new ConsentInstance(kafka, prefix, registry, dataDir, PARTITIONS);

        await().atMost(Duration.ofSeconds(60)).until(consent::isRunning);
    }

    private Map<String, String> states(final Map<String, String> clients) {
        final Map<String, String> states = new TreeMap<>();
        for (final String client : clients.keySet()) {
            final JsonNode body = consent.get("/v1/tenants/" + TENANT + "/clients/" + client + "/sms-consent", TENANT_KEY).body();
            final String level = body.path("level").asText();
            states.put(client, level.equals("OPTED_OUT") ? level
                    : body.path("isDefault").asBoolean() ? level + " default" : level + " " + body.path("phone").asText());
        }
        return states;
    }

    private static String key(final String client) {
        return Identifiers.clientKey(TENANT, client);
    }

    private static ConsentEvent full(final String client, final String phone) {
        return new ConsentEvent(UUID.randomUUID().toString(), TENANT, client, Instant.now(), STAFF,
                new SmsLevelRequested(SmsLevel.FULL_TRANSACTIONAL, false, phone, null), null);
    }

    private static ConsentEvent level(final String client, final SmsLevel level) {
        return new ConsentEvent(UUID.randomUUID().toString(), TENANT, client, Instant.now(), STAFF,
                new SmsLevelRequested(level, false, null, null), null);
    }
}
