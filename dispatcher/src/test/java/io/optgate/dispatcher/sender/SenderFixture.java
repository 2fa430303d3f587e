package io.optgate.dispatcher.sender;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.optgate.dispatcher.practice.PracticeDirectory;
import io.optgate.dispatcher.progress.ConsentApplied;
import io.optgate.platform.serde.AvroSerdes;
import io.optgate.platform.serde.SchemaRegistryClients;
import io.optgate.schema.Category;
import io.optgate.schema.Channel;
import io.optgate.schema.CommunicationSettings;
import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.MessageRequest;
import io.optgate.schema.ConsentState;
import io.optgate.schema.PhoneConsentEvent;
import io.optgate.schema.PhoneConsentState;
import io.optgate.platform.topics.TopicSpec;
import org.apache.kafka.common.serialization.Serdes;
import io.optgate.schema.PreferenceDefinition;
import io.optgate.testing.KafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * A sender's world on a real broker for one test: its own topics (outbound, ledger, delivery
 * updates, phone events, dead letters), an in-process Schema Registry scope, a practice directory,
 * and helpers to publish texts and read back everything the sender wrote.
 */
final class SenderFixture implements AutoCloseable {

    static final String PRACTICE_A = "vet-a";
    static final String PRACTICE_B = "vet-b";

    final KafkaCluster kafka;
    final String outbound;
    final String ledger;
    final String updates;
    final String phoneEvents;
    final String consentState;
    final String phoneState;
    final String group;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Serde<MessageRequest> requests;
    final Serde<DeliveryEvent> deliveries;
    final Serde<PhoneConsentEvent> phones;
    final Serde<ConsentState> consents;
    final Serde<PhoneConsentState> phoneStates;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<SmsSender> senders = new ArrayList<>();

    SenderFixture(final KafkaCluster kafka, final String name, final int partitions) {
        this.kafka = kafka;
        final String prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.outbound = prefix + ".outbound.sms";
        this.ledger = outbound + ".ledger";
        this.updates = prefix + ".deliveries.updates";
        this.phoneEvents = prefix + ".phone-events";
        this.consentState = prefix + ".consent-state";
        this.phoneState = prefix + ".phone-state";
        this.group = prefix + "-sender";
        kafka.createTopic(outbound, partitions);
        kafka.createCompactedTopic(ledger, partitions);
        kafka.createTopic(updates, 1);
        kafka.createTopic(phoneEvents, 1);
        kafka.createTopic(outbound + ".dlq", 1);
        kafka.createCompactedTopic(consentState, partitions);
        kafka.createCompactedTopic(phoneState, 1);
        final AvroSerdes serdes = new AvroSerdes(SchemaRegistryClients.forUrl("mock://" + prefix));
        this.requests = serdes.value(MessageRequest.class);
        this.deliveries = serdes.value(DeliveryEvent.class);
        this.phones = serdes.value(PhoneConsentEvent.class);
        this.consents = serdes.value(ConsentState.class);
        this.phoneStates = serdes.value(PhoneConsentState.class);
        this.producer = new KafkaProducer<>(kafka.producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The practices: A and B, each with its own sending number. */
    static PracticeDirectory practices() {
        final Map<String, String> numbers = Map.of(PRACTICE_A, "+15005550001", PRACTICE_B, "+15005550002");
        return new PracticeDirectory() {
            @Override
            public Optional<CommunicationSettings> settings(final String tenantId) {
                return Optional.ofNullable(numbers.get(tenantId)).map(from -> CommunicationSettings.newBuilder()
                        .setEnabled(true).setSmsFrom(from).build());
            }

            @Override
            public Optional<PreferenceDefinition> preference(final String tenantId, final String preferenceId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> tenantOwningNumber(final String e164) {
                return numbers.entrySet().stream().filter(e -> e.getValue().equals(e164)).map(Map.Entry::getKey).findFirst();
            }
        };
    }

    SenderSettings settings(final String transactionalId, final double maxMps, final int concurrency,
                            final RetryPolicy retries) {
        return new SenderSettings(group, transactionalId, maxMps, concurrency, retries, SenderSettings.DEFAULT_MAX_QUEUED, Duration.ofSeconds(10), "twilio-sender-test");
    }

    /** The sender's topics. */
    SenderTopics topics() {
        return new SenderTopics(new TopicSpec<>(outbound, Serdes.String(), requests), ledger,
                new TopicSpec<>(updates, Serdes.String(), deliveries), new TopicSpec<>(phoneEvents, Serdes.String(), phones),
                new TopicSpec<>(consentState, Serdes.String(), consents),
                new TopicSpec<>(phoneState, Serdes.String(), phoneStates));
    }

    /** A started sender; closed (if still running) with the fixture. */
    SmsSender start(final MessageGateway gateway, final SenderSettings settings) {
        return start(gateway, settings, practices());
    }

    /** A started sender reading practice settings from {@code directory}. */
    SmsSender start(final MessageGateway gateway, final SenderSettings settings, final PracticeDirectory directory) {
        return start(gateway, settings, directory, ConsentApplied.UNWATCHED);
    }

    /** A started sender whose send-time check waits for {@code applied} (a consent progress probe). */
    SmsSender start(final MessageGateway gateway, final SenderSettings settings, final PracticeDirectory directory,
                    final ConsentApplied applied) {
        final SmsSender sender = new SmsSender(topics(), settings, senderKafkaConfig(), gateway, directory, meters,
                Clock.systemUTC(), applied);
        senders.add(sender);
        sender.start();
        return sender;
    }

    /** The Kafka client settings a sender of this fixture runs with. */
    Map<String, Object> senderKafkaConfig() {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        return config;
    }

    static MessageRequest text(final String requestId, final String tenantId, final String to, final String body) {
        return MessageRequest.newBuilder()
                .setRequestId(requestId)
                .setTenantId(tenantId)
                .setClientId("client-" + requestId)
                .setTo(to)
                .setChannel(Channel.SMS)
                .setCategory(Category.BASIC_TRANSACTIONAL)
                .setPreferenceId(null)
                .setBody(body)
                .setRequestedAt(Instant.now())
                .setExpiresAt(null)
                .setSource("test")
                .build();
    }

    void publish(final MessageRequest... texts) {
        for (final MessageRequest text : texts) {
            final String key = text.getTenantId() + ":" + text.getClientId();
            send(new ProducerRecord<>(outbound, key.getBytes(StandardCharsets.UTF_8),
                    requests.serializer().serialize(outbound, text)));
        }
        producer.flush();
    }

    void publishToPartition(final int partition, final MessageRequest text) {
        final String key = text.getTenantId() + ":" + text.getClientId();
        send(new ProducerRecord<>(outbound, partition, key.getBytes(StandardCharsets.UTF_8),
                requests.serializer().serialize(outbound, text)));
    }

    /** A client's consent, as consent-streams would write it. */
    void publishConsent(final ConsentState state) {
        final String key = state.getTenantId() + ":" + state.getClientId();
        send(new ProducerRecord<>(consentState, key.getBytes(StandardCharsets.UTF_8),
                consents.serializer().serialize(consentState, state)));
    }

    /** A raw phone consent event, as the inbound webhook writes a STOP. */
    void publishPhoneEvent(final PhoneConsentEvent event) {
        final String key = event.getTenantId() + ":" + event.getPhone();
        send(new ProducerRecord<>(phoneEvents, key.getBytes(StandardCharsets.UTF_8),
                phones.serializer().serialize(phoneEvents, event)));
    }

    void publishRaw(final byte[] key, final byte[] value) {
        send(new ProducerRecord<>(outbound, key, value));
    }

    private void send(final ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get();
        } catch (final InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every DeliveryEvent the sender has committed so far, in order. */
    List<DeliveryEvent> deliveryEvents() {
        final List<DeliveryEvent> events = new ArrayList<>();
        for (final ConsumerRecord<byte[], byte[]> record : readAll(updates)) {
            events.add(deliveries.deserializer().deserialize(updates, record.value()));
        }
        return events;
    }

    /** The latest DeliveryEvent per requestId. */
    Map<String, DeliveryEvent> outcomes() {
        final Map<String, DeliveryEvent> latest = new HashMap<>();
        deliveryEvents().forEach(e -> latest.put(e.getRequestId(), e));
        return latest;
    }

    List<ConsumerRecord<byte[], byte[]>> phoneEventRecords() {
        return readAll(phoneEvents);
    }

    PhoneConsentEvent phoneEvent(final ConsumerRecord<byte[], byte[]> record) {
        return phones.deserializer().deserialize(phoneEvents, record.value());
    }

    List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        return readAll(outbound + ".dlq");
    }

    double counter(final String name, final String... tags) {
        return meters.counter(name, tags).count();
    }

    /** Everything committed on a topic, from the beginning. */
    List<ConsumerRecord<byte[], byte[]>> readAll(final String topic) {
        final Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final PartitionInfo info : reader.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            final List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp))) {
                reader.poll(Duration.ofMillis(100)).forEach(all::add);
            }
            return all;
        }
    }

    @Override
    public void close() {
        senders.forEach(SmsSender::close);
        producer.close(Duration.ofSeconds(5));
    }
}
