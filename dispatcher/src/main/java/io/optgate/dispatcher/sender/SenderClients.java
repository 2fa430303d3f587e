package io.optgate.dispatcher.sender;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;

/**
 * The Kafka clients of one sender, from the shared client settings; the settings "never twice"
 * depends on (read_committed, no auto-commit, idempotent transactional producer, acks=all) are forced.
 */
final class SenderClients {

    private final Map<String, Object> kafka;
    private final SenderSettings settings;

    SenderClients(final Map<String, Object> kafka, final SenderSettings settings) {
        this.kafka = Map.copyOf(kafka);
        this.settings = settings;
    }

    /** The group consumer of the outbound topic. */
    KafkaConsumer<byte[], byte[]> outboundConsumer() {
        final Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-consumer");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A consumer without a group that reads committed data from the beginning: the ledger restore. */
    KafkaConsumer<byte[], byte[]> ledgerReader() {
        return groupless("-ledger");
    }

    /** Likewise, for the send-time check's consent topics. */
    KafkaConsumer<byte[], byte[]> consentReader() {
        return groupless("-consent");
    }

    /** The transactional producer; each call makes a new one with the same transactional.id. */
    KafkaProducer<byte[], byte[]> producer() {
        final Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
        // A topic that does not exist yet fails the round in 10 s (and is retried) instead of a minute.
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId());
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<byte[], byte[]> groupless(final String clientSuffix) {
        final Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + clientSuffix);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
