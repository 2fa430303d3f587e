package io.optgate.dispatcher.twilio;

import io.optgate.schema.DeliveryEvent;
import io.optgate.schema.PhoneConsentEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes the webhooks' events with an idempotent producer ({@code acks=all}) and waits for the
 * acknowledgement, so Twilio gets its 2xx only once the event is stored. Status updates go to the
 * delivery-status gate's input, keyword events to {@code consent.phone-events}.
 */
final class KafkaWebhookSink implements WebhookSink, AutoCloseable {

    /**
     * How long a webhook waits for Kafka (metadata, then the acknowledgement, each) before answering
     * 503; together well under Twilio's 15 s webhook timeout.
     */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String updatesTopic;
    private final String phoneEventsTopic;
    private final Serializer<DeliveryEvent> deliveries;
    private final Serializer<PhoneConsentEvent> phoneEvents;

    KafkaWebhookSink(final Map<String, ?> kafka, final String updatesTopic, final String phoneEventsTopic,
                     final Serializer<DeliveryEvent> deliveries, final Serializer<PhoneConsentEvent> phoneEvents) {
        final Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "optgate-twilio-webhooks");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis());
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.updatesTopic = updatesTopic;
        this.phoneEventsTopic = phoneEventsTopic;
        this.deliveries = deliveries;
        this.phoneEvents = phoneEvents;
    }

    @Override
    public void deliveryUpdate(final String clientKey, final DeliveryEvent event) {
        write(new ProducerRecord<>(updatesTopic, clientKey.getBytes(StandardCharsets.UTF_8),
                deliveries.serialize(updatesTopic, event)));
    }

    @Override
    public void phoneConsent(final String phoneKey, final PhoneConsentEvent event) {
        write(new ProducerRecord<>(phoneEventsTopic, phoneKey.getBytes(StandardCharsets.UTF_8),
                phoneEvents.serialize(phoneEventsTopic, event)));
    }

    private void write(final ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + record.topic(), e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write to " + record.topic(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
